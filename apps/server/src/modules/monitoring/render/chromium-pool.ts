import { execFile } from 'node:child_process';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/**
 * Flags for a quiet headless Chromium that talks to nobody by itself. Every request of a rendered page is
 * answered by the monitor (render-page.ts); the proxy below is a dead end for anything that would slip
 * past that interception, so Chromium itself never opens a connection or resolves a name.
 */
export const RENDER_CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/** Nothing listens here: a request that escaped interception fails instead of reaching the network. */
export const DEAD_END_PROXY = { server: 'http://127.0.0.1:1', bypass: '<-loopback>' };

export interface ChromiumPoolOptions {
  executablePath: string;
  /** Renders in flight at once; more wait their turn. */
  concurrency: number;
  /** Called once when Chromium runs without its sandbox (as root). */
  warn?: (message: string) => void;
  /** Whether this process runs as root (Chromium refuses its sandbox then). */
  isRoot?: boolean;
  /** The browser is closed after this long without a render (default 5 min), giving its memory back. */
  idleCloseMs?: number;
}

export interface ChromiumPool {
  /**
   * Runs `work` in a fresh incognito context of the shared browser (launched on first use, launched
   * again after a crash), at most `concurrency` at a time; the context is closed afterwards, whatever
   * happened. `work` keeps its own time limit: on a hung page it closes the page or discards the browser.
   */
  withContext<T>(work: (context: BrowserContext, browser: Browser) => Promise<T>): Promise<T>;
  /** Closes the browser after a hung page: the next render launches a new one. */
  discard(browser: Browser): Promise<void>;
  /** Chromium runs with its sandbox (false as root, where Chromium refuses it). */
  readonly sandboxed: boolean;
  /** Launches so far (a crash or a hung page costs a relaunch). */
  launches(): number;
  /** The running browser's process id, if one runs (tests kill it to check the relaunch). */
  pid(): number | null;
  close(): Promise<void>;
}

const runningAsRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

interface Running {
  browser: Browser;
  pid: number | null;
}

/** The browser process's id, from Chromium itself (Playwright does not expose it for launch()). */
async function browserPid(b: Browser): Promise<number | null> {
  try {
    const session = await b.newBrowserCDPSession();
    const info = (await session.send('SystemInfo.getProcessInfo')) as {
      processInfo: Array<{ type: string; id: number }>;
    };
    await session.detach().catch(() => {});
    return info.processInfo.find((p) => p.type === 'browser')?.id ?? null;
  } catch {
    return null;
  }
}

function kill(pid: number | null): void {
  if (pid === null) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** One browser per worker process, launched lazily, with a bounded number of renders in flight. */
export function createChromiumPool(options: ChromiumPoolOptions): ChromiumPool {
  const isRoot = options.isRoot ?? runningAsRoot();
  let running: Promise<Running> | null = null;
  let launched = 0;
  let lastPid: number | null = null;
  let warned = false;
  let closed = false;
  let active = 0;
  const waiting: Array<() => void> = [];
  let idleTimer: NodeJS.Timeout | null = null;
  const idleCloseMs = options.idleCloseMs ?? 5 * 60_000;

  function launch(): Promise<Running> {
    if (isRoot && !warned) {
      warned = true;
      options.warn?.(
        'Website monitoring renders pages in Chromium WITHOUT its sandbox because this process runs as root; ' +
          'run Shouwang as a non-root user in production so the sandbox is on.',
      );
    }
    launched += 1;
    const started: Promise<Running> = chromium
      .launch({
        executablePath: options.executablePath,
        headless: true,
        // Playwright passes --no-sandbox unless asked for the sandbox; Chromium refuses it as root.
        chromiumSandbox: !isRoot,
        args: RENDER_CHROMIUM_ARGS,
        proxy: DEAD_END_PROXY,
        // A fresh temporary profile per launch (Playwright's default), removed on close. Shutdown is ours.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: 30_000,
      })
      .then(async (browser) => {
        browser.on('disconnected', () => {
          // A crash or a kill: the next render launches again.
          if (running === started) running = null;
        });
        const pid = await browserPid(browser);
        lastPid = pid;
        return { browser, pid };
      });
    started.catch(() => {
      if (running === started) running = null;
    });
    return started;
  }

  async function current(): Promise<Browser> {
    if (closed) throw new Error('the Chromium pool is closed');
    running ??= launch();
    const r = await running;
    if (r.browser.isConnected()) return r.browser;
    running = launch();
    return (await running).browser;
  }

  async function acquire(): Promise<void> {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (active < options.concurrency) {
      active += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
    if (active === 0 && running) {
      idleTimer = setTimeout(() => {
        idleTimer = null;
        const idle = running;
        running = null;
        void idle?.then(stop, () => {});
      }, idleCloseMs);
      idleTimer.unref();
    }
  }

  async function stop(r: Running): Promise<void> {
    await Promise.race([r.browser.close().catch(() => {}), sleep(5_000)]);
    kill(r.pid);
  }

  return {
    async withContext(work) {
      await acquire();
      try {
        const browser = await current();
        const context = await browser.newContext({
          acceptDownloads: false,
          serviceWorkers: 'block',
          permissions: [],
          javaScriptEnabled: true,
        });
        try {
          return await work(context, browser);
        } finally {
          // A hung renderer can keep close() waiting: never longer than a few seconds.
          await Promise.race([context.close().catch(() => {}), sleep(5_000)]);
        }
      } finally {
        release();
      }
    },
    async discard(browser) {
      const r = running ? await running.catch(() => null) : null;
      if (r?.browser !== browser) return;
      running = null;
      await stop(r);
    },
    sandboxed: !isRoot,
    launches: () => launched,
    pid: () => lastPid,
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      const r = running ? await running.catch(() => null) : null;
      running = null;
      if (r) await stop(r);
    },
  };
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

let versionCache: Promise<string | null> | null = null;
let versionOf: string | null = null;

/** `chromium --version` of the configured binary (cached), or null when it cannot be run. */
export function chromiumVersion(executablePath: string): Promise<string | null> {
  if (versionCache && versionOf === executablePath) return versionCache;
  versionOf = executablePath;
  versionCache = new Promise((resolve) => {
    execFile(executablePath, ['--version'], { timeout: 10_000 }, (err, stdout) => {
      const line = stdout.trim().split('\n').pop()?.trim() ?? '';
      resolve(err && !line ? null : line || null);
    });
  });
  return versionCache;
}
