import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type JournalEntry, openJournal } from './journal.ts';

const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'journal-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const entry = (i: number, data = `message ${i}`): JournalEntry => ({
  sourceId: 1 + (i % 3),
  receivedAt: 1000 + i,
  data,
});

describe('ingest journal', () => {
  it('returns appended records in order with their sequence numbers once durable', async () => {
    const j = await openJournal({ dir: freshDir() });
    const a = await j.append([entry(1), entry(2)]);
    const b = await j.append([
      { ...entry(3, 'line\nwith newline and 中文 \u0000'), extra: { peer: '10.0.0.1' } },
    ]);
    expect(a).toEqual({ firstSeq: 1, lastSeq: 2 });
    expect(b).toEqual({ firstSeq: 3, lastSeq: 3 });
    expect(j.durableSeq).toBe(3);
    const recs = j.read(1, 10);
    expect(recs.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(recs[2]).toMatchObject({
      data: 'line\nwith newline and 中文 \u0000',
      extra: { peer: '10.0.0.1' },
    });
    expect(j.read(3, 10).map((r) => r.seq)).toEqual([3]);
    expect(j.read(4, 10)).toEqual([]);
    await j.close();
  });

  it('batches concurrent appends into one write and resolves each with its own range', async () => {
    const j = await openJournal({ dir: freshDir() });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => j.append([entry(i)])));
    expect(results.map((r) => r.firstSeq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(j.read(1, 100)).toHaveLength(50);
    await j.close();
  });

  it('continues numbering after a reopen and cuts a torn record at the end', async () => {
    const dir = freshDir();
    const j = await openJournal({ dir });
    await j.append([entry(1), entry(2), entry(3)]);
    await j.close();
    const [seg] = readdirSync(dir);
    const file = path.join(dir, seg ?? '');
    const size = statSync(file).size;
    // A crash in the middle of writing record 4: a header and half a payload.
    appendFileSync(file, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 65, 66]));
    const again = await openJournal({ dir });
    expect(statSync(file).size).toBe(size);
    expect(again.nextSeq).toBe(4);
    expect((await again.append([entry(4)])).firstSeq).toBe(4);
    expect(again.read(1, 10).map((r) => r.data)).toEqual([
      'message 1',
      'message 2',
      'message 3',
      'message 4',
    ]);
    await again.close();
  });

  it('drops a record whose checksum does not match, with everything after it', async () => {
    const dir = freshDir();
    const j = await openJournal({ dir });
    await j.append([entry(1), entry(2)]);
    await j.close();
    const file = path.join(dir, readdirSync(dir)[0] ?? '');
    truncateSync(file, statSync(file).size - 1);
    const again = await openJournal({ dir });
    expect(again.read(1, 10).map((r) => r.seq)).toEqual([1]);
    await again.close();
  });

  it('rolls segments, reads across them and deletes those the checkpoint passed', async () => {
    const dir = freshDir();
    const j = await openJournal({ dir, segmentBytes: 200 });
    for (let i = 1; i <= 20; i++) await j.append([entry(i, `record number ${i} `.repeat(3))]);
    expect(j.segments()).toBeGreaterThan(3);
    const all = j.read(1, 100);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(j.read(7, 3).map((r) => r.seq)).toEqual([7, 8, 9]);
    const before = j.segments();
    expect(j.release(10)).toBeGreaterThan(0);
    expect(j.segments()).toBeLessThan(before);
    expect(j.read(11, 100).map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 11));
    // Everything processed: only the active segment is kept, and numbering survives a reopen.
    j.release(20);
    expect(j.segments()).toBe(1);
    await j.close();
    const again = await openJournal({ dir, segmentBytes: 200 });
    expect(again.nextSeq).toBe(21);
    await again.close();
  });

  it('starts from the checkpoint when the journal directory was emptied', async () => {
    const j = await openJournal({ dir: freshDir(), minNextSeq: 501 });
    expect((await j.append([entry(1)])).firstSeq).toBe(501);
    expect(j.read(501, 1)).toHaveLength(1);
    await j.close();
  });

  it('notifies listeners when records become durable', async () => {
    const j = await openJournal({ dir: freshDir() });
    let calls = 0;
    j.onDurable(() => calls++);
    await j.append([entry(1)]);
    expect(calls).toBe(1);
    await j.close();
    await expect(j.append([entry(2)])).rejects.toThrow(/closed/);
  });
});
