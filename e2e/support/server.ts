import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository root (e2e/support/../..). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'apps', 'server', 'bin', 'shouwang.js');
const WEB_DIST = path.join(REPO_ROOT, 'apps', 'web', 'dist');
const MAX_OUTPUT = 1024 * 1024;

export interface StartOptions {
  /** `serve --demo`: load the demo jurisdiction into the empty database. */
  demo?: boolean;
  /** Extra environment for the server and the CLI (e.g. SHOUWANG_TOTP_REQUIRED_ROLES). */
  env?: Record<string, string>;
  /** Runs after the data directory exists and before the server starts, e.g. `create-admin`. */
  beforeStart?: (cli: CliRunner) => Promise<void>;
  /** How long to wait for /api/v1/health (default 60 s). */
  startTimeoutMs?: number;
  /** More arguments for `serve`, e.g. ['--demo-sites-port', '0']. */
  serveArgs?: string[];
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type CliRunner = (args: string[]) => Promise<CliResult>;

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Pid of the process serving HTTP (for RSS readings). */
  pid: number;
  /** Everything the server printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the first match of `pattern` in the server's output, waiting for it if needed. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Runs `shouwang <args>` against the same data directory; throws when it exits non-zero. */
  cli(args: string[]): Promise<CliResult>;
  /** Stops the server (SIGTERM, then SIGKILL) and removes the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

/** The environment of a server or CLI on the embedded SQLite database in `dataDir`. */
function serverEnv(dataDir: string, port: number, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Never inherit a database or a config file from the developer's shell: e2e runs on embedded SQLite.
    if (key === 'DATABASE_URL' || key === 'NODE_OPTIONS' || key.startsWith('SHOUWANG_')) continue;
    if (key === 'PORT' || key === 'HOST' || key === 'LOG_LEVEL') continue;
    env[key] = value;
  }
  return {
    ...env,
    SHOUWANG_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // `serve --demo` renders suspicious demo pages in Chromium when it finds one; specs that are not about
    // that pass SHOUWANG_MONITOR_CHROMIUM themselves to have it, so their runs stay light.
    SHOUWANG_MONITOR_CHROMIUM: 'off',
    ...extra,
  };
}

/** Runs the shouwang CLI with the given environment and collects its output. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function checkedCli(env: NodeJS.ProcessEnv): CliRunner {
  return async (args) => {
    const result = await runCli(args, env);
    if (result.code !== 0) {
      throw new Error(
        `shouwang ${args.join(' ')} exited with ${result.code}\n${result.stdout}\n${result.stderr}`.trim(),
      );
    }
    return result;
  };
}

/** The pid that really serves: the bin re-executes itself under an older Node, so follow a lone child. */
async function servingPid(child: ChildProcess): Promise<number> {
  const pid = child.pid ?? 0;
  try {
    const { readFile } = await import('node:fs/promises');
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/);
    if (children.length === 1 && children[0]) return Number(children[0]);
  } catch {
    // No /proc (not Linux): the child itself is the best answer.
  }
  return pid;
}

/**
 * Starts `shouwang serve` as a child process on a fresh temp data directory (embedded SQLite) and a
 * free port, serving the built web app (apps/web/dist, which must exist), and waits until
 * /api/v1/health answers.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const webDist = options.env?.SHOUWANG_WEB_DIST ?? WEB_DIST;
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`The web app is not built (no ${webDist}/index.html): run \`npm run build:web\` first.`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shouwang-e2e-'));
  const port = await freePort();
  const env = serverEnv(dataDir, port, options.env ?? {});
  const cli = checkedCli(env);
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });

  try {
    await options.beforeStart?.(cli);
  } catch (err) {
    removeDataDir();
    throw err;
  }

  const args = [CLI, 'serve', ...(options.demo ? ['--demo'] : []), ...(options.serveArgs ?? [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT);
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      for (const listener of listeners) listener();
      resolve();
    });
  });
  // If the test process dies first, do not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    removeDataDir();
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, () => exitCode !== undefined, options.startTimeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
  }

  return {
    url,
    port,
    dataDir,
    pid: await servingPid(child),
    output: () => output,
    waitForOutput(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(() => resolve(match));
          else if (exitCode !== undefined)
            finish(() => reject(new Error(`server exited before printing ${pattern}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`server did not print ${pattern} within ${timeoutMs} ms`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    cli,
    stop,
  };
}

async function waitForHealth(url: string, hasExited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('shouwang serve exited before it became healthy');
    try {
      const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`shouwang serve was not healthy at ${url} within ${timeoutMs} ms (${lastError})`);
}
