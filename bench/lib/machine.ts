import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  commit: string;
  date: string;
  /** 1-minute load average when the benchmark finished: a busy machine inflates every timing. */
  load1: number;
}

function fromProcFile(file: string, key: string): string | null {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(key));
    return line ? line.slice(line.indexOf(':') + 1).trim() : null;
  } catch {
    return null;
  }
}

/** Where and when a benchmark ran: nproc, the CPU model and memory from /proc, Node, the git commit. */
export function describeMachine(cwd: string): Machine {
  const memKiB = Number.parseInt(fromProcFile('/proc/meminfo', 'MemTotal') ?? '', 10);
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: leave it unknown.
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: fromProcFile('/proc/cpuinfo', 'model name') ?? os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: (Number.isFinite(memKiB) ? memKiB * 1024 : os.totalmem()) / 1024 ** 3,
    node: process.version,
    commit,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load1: os.loadavg()[0] ?? 0,
  };
}
