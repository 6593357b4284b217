import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pipelineOptionsFrom, runTopicsFile, type TopicsRunOptions } from './topics.command.ts';

const DEFAULTS: TopicsRunOptions = {
  input: '-',
  bucket: '60',
  similarity: '0.35',
  mergeSimilarity: '0.6',
  expire: '48',
  sensitivity: '6',
  minCount: '12',
  minGrowth: '3',
  regionMinCount: '20',
  regionMinGrowth: '2',
  warmup: '0',
  cooldown: '6',
  nearDuplicateBits: '8',
};

describe('shouwang topics run', () => {
  it('lists every bad option', () => {
    const built = pipelineOptionsFrom({
      ...DEFAULTS,
      bucket: '0',
      similarity: 'abc',
      minCount: '1.5',
      regions: '/no/such/file',
    });
    expect('errors' in built && built.errors).toEqual([
      '--bucket: a whole number from 1 to 10080, got "0"',
      '--similarity: a number from 0.01 to 1, got "abc"',
      '--min-count: a whole number from 1 to 1000000, got "1.5"',
      '--regions: cannot read /no/such/file (ENOENT)',
    ]);
  });

  it('reads a place list and dictionary words from files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topics-cli-'));
    writeFileSync(path.join(dir, 'regions.txt'), '甲市/乙区\n甲市/丙县\n');
    writeFileSync(path.join(dir, 'dict.txt'), '金桂苑 1000\n\n滨江一号\n');
    const built = pipelineOptionsFrom({
      ...DEFAULTS,
      regions: path.join(dir, 'regions.txt'),
      dict: path.join(dir, 'dict.txt'),
      bucket: '30',
    });
    expect('options' in built && built.options).toMatchObject({
      places: ['甲市/乙区', '甲市/丙县'],
      words: ['金桂苑', '滨江一号'],
      bucketMs: 1_800_000,
    });
  });

  it('prints one line per item and per alert, and reports bad lines by number without stopping', async () => {
    const built = pipelineOptionsFrom(DEFAULTS);
    if (!('options' in built)) throw new Error('bad defaults');
    const t0 = Date.UTC(2026, 2, 2, 8);
    const lines = [
      '{"id":"x","time":"nope","text":"a"}',
      'not json',
      '',
      ...Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({
          id: `m${i}`,
          time: new Date(t0 + i * 60_000).toISOString(),
          text: `紧急！东湖街道金桂苑水管爆裂停水了${'！'.repeat(i % 3)}`,
          source: i % 2 ? 'intake' : 'hotline',
        }),
      ),
    ];
    const out: string[] = [];
    const errors: string[] = [];
    const counts = await runTopicsFile(
      Readable.from(lines.join('\n')),
      built.options,
      (l) => out.push(l),
      (m) => errors.push(m),
      true,
    );
    // One topic alert at 12 items; region alerts at 20 for the street, its district and the city.
    expect(counts).toEqual({ items: 30, skipped: 2, alerts: 4 });
    expect(errors).toEqual([
      expect.stringMatching(/^line 1: "time"/),
      expect.stringMatching(/^line 2: not valid JSON/),
    ]);
    const parsed = out.map(
      (l) => JSON.parse(l) as { type: string; kind?: string; topic?: number; why?: { count: number } },
    );
    expect(parsed.filter((p) => p.type === 'item')).toHaveLength(30);
    const topicAlert = parsed.find((p) => p.type === 'alert' && p.kind === 'topic');
    expect(topicAlert?.why?.count).toBe(12);
    expect(
      parsed
        .filter((p) => p.type === 'alert' && p.kind === 'region')
        .map((p) => (p as { region?: string }).region),
    ).toEqual(['江川市/江川区/东湖街道', '江川市/江川区', '江川市']);
    expect(new Set(parsed.filter((p) => p.type === 'item').map((p) => p.topic)).size).toBe(1);
    expect(parsed.at(-1)).toMatchObject({ type: 'topic', size: 30 });
    // Builds a pipeline (jieba's dictionaries): seconds on a busy machine.
  }, 60_000);
});
