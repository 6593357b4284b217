// The WAL checkpointer thread (wal-checkpointer.ts): its own connection to the embedded database copies
// committed pages from the WAL into the database file, so the thread that serves requests never waits for that
// copy or its fsync.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const port = parentPort;
if (!port) throw new Error('wal-checkpoint.worker.ts runs as a worker thread');
const { file, intervalMs } = workerData as { file: string; intervalMs: number };

const db = new SQLite(file, { fileMustExist: true });
let checkpoints = 0;
let failures = 0;
const timer = setInterval(() => {
  try {
    // PASSIVE never blocks a writer or reader: it copies what no reader still needs and returns.
    db.pragma('wal_checkpoint(PASSIVE)');
    checkpoints++;
  } catch (err) {
    // Busy or I/O trouble: tried again next time; the writer checkpoints itself if the WAL grows large.
    failures++;
    port.postMessage({ type: 'failed', message: (err as Error).message, failures });
  }
}, intervalMs);

port.on('message', (message: 'stop') => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  port.postMessage({ type: 'stopped', checkpoints, failures });
  port.close();
});
port.postMessage({ type: 'ready' });
