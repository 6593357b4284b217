import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { ingestRepository } from './ingest.repository.ts';
import type { JournalEntry } from './journal.ts';
import type { SourceDirectory } from './source-directory.ts';

export interface TailOptions {
  db: Kysely<Database>;
  directory: SourceDirectory;
  append(entries: readonly JournalEntry[]): Promise<unknown>;
  overloaded(): boolean;
  maxRecordBytes: number;
  now(): number;
  pollMs?: number;
  onError?(err: unknown): void;
}

export interface TailInputs {
  /** Starts tails for new file sources and stops those of removed or disabled ones. */
  sync(): Promise<void>;
  /** Reads every followed file once (tests call it instead of waiting for the poll). */
  poll(): Promise<void>;
  close(): Promise<void>;
}

/** Compressed rotations are not followed. */
const SKIPPED = /\.(gz|bz2|xz|zst|zip)$/i;
const CHUNK = 1024 * 1024;

interface Followed {
  sourceId: number;
  file: string;
  fd: number | null;
  fileId: string;
  /** Bytes consumed (whole lines journaled) in the open file. */
  offset: number;
  /** A line without its newline yet. */
  partial: Buffer;
}

const idOf = (st: { dev: number; ino: number }) => `${st.dev}:${st.ino}`;

/**
 * Follows files (a file path, or every file of a directory) line by line. The offset of each journaled
 * line travels with it and is saved by the pipeline in its checkpoint transaction, so a restart resumes
 * exactly after the last processed line. A new inode at the path (rotation) is followed from its start
 * once the old file is read to its end; a file shorter than the offset (truncation) is read again from 0.
 */
export async function startTailInputs(o: TailOptions): Promise<TailInputs> {
  const followed = new Map<string, Followed>();
  /** How far each file (source|inode) was read, so a rotated file seen under its new name is not re-read. */
  const readUpTo = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;

  function filesOf(target: string): string[] {
    try {
      const st = statSync(target);
      if (st.isFile()) return [target];
      if (!st.isDirectory()) return [];
      return readdirSync(target)
        .filter((f) => !SKIPPED.test(f))
        .map((f) => path.join(target, f))
        .filter((f) => {
          try {
            return statSync(f).isFile();
          } catch {
            return false;
          }
        });
    } catch {
      return [];
    }
  }

  async function follow(sourceId: number, file: string): Promise<void> {
    const key = `${sourceId}|${file}`;
    if (followed.has(key)) return;
    const f: Followed = { sourceId, file, fd: null, fileId: '', offset: 0, partial: Buffer.alloc(0) };
    try {
      f.fd = openSync(file, 'r');
      const st = fstatSync(f.fd);
      f.fileId = idOf(st);
      // Resume only in the same file (by inode: a rotated file keeps its inode under a new name), and only
      // when it has not been truncated below the saved offset.
      const done = readUpTo.get(`${sourceId}|${f.fileId}`);
      const saved =
        done !== undefined
          ? { offset: done }
          : await ingestRepository.tailOffsetOfFile(o.db, sourceId, file, f.fileId);
      if (saved && saved.offset <= st.size) f.offset = saved.offset;
    } catch {
      f.fd = null;
    }
    followed.set(key, f);
  }

  function unfollow(key: string): void {
    const f = followed.get(key);
    if (f?.fd != null) closeSync(f.fd);
    followed.delete(key);
  }

  /** Reads new complete lines of one file and journals them; returns false when nothing was read. */
  async function readSome(f: Followed): Promise<boolean> {
    if (f.fd == null) {
      try {
        f.fd = openSync(f.file, 'r');
        f.fileId = idOf(fstatSync(f.fd));
        f.offset = 0;
        f.partial = Buffer.alloc(0);
      } catch {
        return false;
      }
    }
    const st = fstatSync(f.fd);
    if (st.size < f.offset + f.partial.length) {
      // Truncated in place (copytruncate rotation): start again from the beginning.
      f.offset = 0;
      f.partial = Buffer.alloc(0);
    }
    const start = f.offset + f.partial.length;
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(0, st.size - start)));
    const n = buf.length > 0 ? readSync(f.fd, buf, 0, buf.length, start) : 0;
    if (n === 0) {
      // At the end: if the path now names another file (rotation), finish with this one and switch.
      let current: string | null = null;
      try {
        current = idOf(statSync(f.file));
      } catch {
        current = null;
      }
      if (current !== null && current !== f.fileId) {
        const entries = f.partial.length > 0 ? [lineEntry(f, f.partial, f.offset + f.partial.length)] : [];
        if (entries.length > 0) await o.append(entries);
        readUpTo.set(`${f.sourceId}|${f.fileId}`, f.offset + f.partial.length);
        closeSync(f.fd);
        f.fd = null;
        return readSome(f);
      }
      return false;
    }
    const data = Buffer.concat([f.partial, buf.subarray(0, n)]);
    const entries: JournalEntry[] = [];
    let pos = 0;
    for (;;) {
      const nl = data.indexOf(0x0a, pos);
      if (nl < 0) break;
      const line = data.subarray(pos, nl);
      const end = f.offset + nl + 1;
      pos = nl + 1;
      if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) continue;
      entries.push(lineEntry(f, line, end));
    }
    let rest = data.subarray(pos);
    if (rest.length > o.maxRecordBytes) {
      // A line longer than any record may be: journal it as a failure and move on.
      entries.push(lineEntry(f, rest, f.offset + data.length));
      pos = data.length;
      rest = Buffer.alloc(0);
    }
    if (entries.length > 0) await o.append(entries);
    f.offset += pos;
    f.partial = Buffer.from(rest);
    readUpTo.set(`${f.sourceId}|${f.fileId}`, f.offset);
    return true;
  }

  function lineEntry(f: Followed, line: Buffer, endOffset: number): JournalEntry {
    const extra: Record<string, string | number> = { tailPath: f.file, fileId: f.fileId, offset: endOffset };
    let text = line.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (line.length > o.maxRecordBytes) {
      extra.error = `line of ${line.length} bytes exceeds the ${o.maxRecordBytes}-byte maximum`;
      text = text.slice(0, 1024);
    }
    return { sourceId: f.sourceId, receivedAt: o.now(), data: text, extra };
  }

  async function pollOnce(): Promise<void> {
    for (const f of followed.values()) {
      if (o.overloaded()) return;
      try {
        while (await readSome(f)) if (o.overloaded()) return;
      } catch (err) {
        o.onError?.(err);
      }
    }
  }

  const api: TailInputs = {
    async sync() {
      const wanted = new Set<string>();
      for (const s of o.directory.all()) {
        if (s.transport !== 'file' || !s.enabled || !s.filePath) continue;
        for (const file of filesOf(s.filePath)) {
          wanted.add(`${s.id}|${file}`);
          await follow(s.id, file);
        }
      }
      for (const key of [...followed.keys()]) if (!wanted.has(key)) unfollow(key);
    },
    async poll() {
      polling ??= pollOnce().finally(() => {
        polling = null;
      });
      await polling;
    },
    async close() {
      if (timer) clearInterval(timer);
      await polling;
      for (const key of [...followed.keys()]) unfollow(key);
    },
  };
  await api.sync();
  timer = setInterval(() => void api.poll(), o.pollMs ?? 500);
  timer.unref();
  return api;
}
