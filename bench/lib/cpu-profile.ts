import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  /** A source file relative to the repository (or node_modules/<package>, or a Node internal / "(idle)"). */
  where: string;
  share: number;
}

function place(url: string, repoRoot: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0)
    return `node_modules/${file
      .slice(modules + 14)
      .split('/')
      .slice(0, file.includes('/@', modules) ? 2 : 1)
      .join('/')}`;
  if (file.startsWith('node:')) return file;
  return path.relative(repoRoot, file);
}

/** The newest .cpuprofile in `dir` (written by `node --cpu-prof` at exit), or null. */
export function newestProfile(dir: string): string | null {
  try {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(dir, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    return files[0] ?? null;
  } catch {
    return null;
  }
}

/** Self time by source file, as a share of the busy samples (GC included, idle not), largest first. */
export function selfTimeByFile(file: string, repoRoot: string, top: number): SelfTime[] {
  // node --cpu-prof writes V8's CPU profile JSON, of which Profile names the fields used.
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const n = node.hitCount ?? 0;
    if (!n) continue;
    const where = place(node.callFrame.url, repoRoot, node.callFrame.functionName);
    // Waiting for I/O is not work: shares are of the busy samples.
    if (where === '(idle)') continue;
    hits.set(where, (hits.get(where) ?? 0) + n);
    total += n;
  }
  return [...hits.entries()]
    .map(([where, n]) => ({ where, share: total ? n / total : 0 }))
    .sort((a, b) => b.share - a.share)
    .slice(0, top);
}
