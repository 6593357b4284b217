import { describe, expect, it } from 'vitest';
import { readZip, ZipError } from '../../../platform/files/zip-reader.ts';
import { zipOf } from './rules.test-support.ts';

describe('reading a ZIP of rules', () => {
  it('reads stored and deflated entries with their paths', () => {
    const zip = zipOf([
      { name: 'web/a.yml', text: 'title: a' },
      { name: 'b.yaml', text: 'title: b\n'.repeat(50), store: true },
    ]);
    const entries = readZip(zip, 1_000_000, 10);
    expect(entries.map((e) => e.name)).toEqual(['web/a.yml', 'b.yaml']);
    expect(entries[0]?.data.toString()).toBe('title: a');
    expect(entries[1]?.data.toString()).toBe('title: b\n'.repeat(50));
  });
  it('refuses what is not a ZIP, a truncated one, and one over the limits', () => {
    expect(() => readZip(Buffer.from('title: x'), 1_000_000, 10)).toThrow(ZipError);
    const zip = zipOf([{ name: 'a.yml', text: 'x'.repeat(1000) }]);
    expect(() => readZip(zip.subarray(10), 1_000_000, 10)).toThrow(ZipError);
    expect(() => readZip(zip, 100, 10)).toThrow(/expands to more than 100 bytes/);
  });
});
