import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints for the embedded database on a worker thread. SQLite checkpoints in the connection whose
 * commit takes the WAL past `wal_autocheckpoint` pages: that request copies about a thousand pages into the
 * database file and waits for an fsync. Measured on 200,000 stored cases, public submissions averaged 4.0 ms of
 * wall time (p99 35 ms, worst 224 ms) with checkpoints in the serving thread and 2.2–2.5 ms (p99 5 ms) with
 * them here (issue 6's benchmark). The writer keeps a large `wal_autocheckpoint` (WRITER_CHECKPOINT_PAGES) as
 * a fallback, so the WAL stays bounded if this thread lags or stops.
 */
export interface WalCheckpointer {
  /** Stops the thread and closes its connection; the server's own connection is closed after this. */
  stop(): Promise<void>;
}

/** The writer's own checkpoint threshold (pages of 4 KiB): 32 MiB of WAL, reached only if the thread lags. */
export const WRITER_CHECKPOINT_PAGES = 8192;

const WORKER = new URL('./wal-checkpoint.worker.ts', import.meta.url);

type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string; failures: number }
  | { type: 'stopped'; checkpoints: number; failures: number };

export function startWalCheckpointer(
  file: string,
  options: { intervalMs?: number; onFailure?: (message: string) => void } = {},
): WalCheckpointer {
  const worker = new Worker(WORKER, {
    workerData: { file, intervalMs: options.intervalMs ?? 200 },
    name: 'sqlite-wal-checkpoint',
  });
  // Never what keeps a process (a CLI command, a test) alive.
  worker.unref();
  let failuresReported = 0;
  worker.on('message', (m: FromWorker) => {
    // Reported once and then every hundredth time, so a stuck file does not flood the log.
    if (m.type === 'failed' && (failuresReported++ === 0 || m.failures % 100 === 0))
      options.onFailure?.(m.message);
  });
  worker.on('error', (err: Error) => options.onFailure?.(err.message));
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (exited) return resolve();
        worker.once('exit', () => resolve());
        // Held open until the thread has closed its connection.
        worker.ref();
        worker.postMessage('stop');
        // A thread that does not answer (stuck in I/O) is ended anyway.
        setTimeout(() => void worker.terminate(), 5000).unref();
      });
      return stopping;
    },
  };
}
