import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainedEntry,
  type ChainHead,
  ChainVerifier,
  entryHash,
  GENESIS_HASH,
  type UnhashedEntry,
  type VerifyResult,
} from './audit-chain.ts';

type Content = Omit<UnhashedEntry, 'id'>;

const nullableText = fc.option(fc.string({ maxLength: 12 }), { nil: null });
const content: fc.Arbitrary<Content> = fc.record({
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  actorUserId: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
  actorName: fc.string({ minLength: 1, maxLength: 12 }),
  actorRole: nullableText,
  ip: nullableText,
  requestId: nullableText,
  action: fc.string({ minLength: 1, maxLength: 12 }),
  resourceType: fc.string({ minLength: 1, maxLength: 12 }),
  resourceId: nullableText,
  regionPath: nullableText,
  beforeJson: fc.option(fc.json(), { nil: null }),
  afterJson: fc.option(fc.json(), { nil: null }),
});

function buildChain(contents: Content[]): { entries: ChainedEntry[]; head: ChainHead } {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  contents.forEach((c, i) => {
    const unhashed = { ...c, id: i + 1 };
    const hash = entryHash(prevHash, unhashed);
    entries.push({ ...unhashed, prevHash, hash });
    prevHash = hash;
  });
  return { entries, head: { lastId: entries.length, lastHash: prevHash } };
}

function contentOf({ id: _id, prevHash: _p, hash: _h, ...c }: ChainedEntry): Content {
  return c;
}

function verify(entries: ChainedEntry[], head: ChainHead | null): VerifyResult {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.finish(head);
}

const FIELDS = [
  'id',
  'at',
  'actorUserId',
  'actorName',
  'actorRole',
  'ip',
  'requestId',
  'action',
  'resourceType',
  'resourceId',
  'regionPath',
  'beforeJson',
  'afterJson',
  'prevHash',
  'hash',
] as const satisfies ReadonlyArray<keyof ChainedEntry>;

/** A value for `field` that differs from the current one, of the column's type. */
function changed(entry: ChainedEntry, field: (typeof FIELDS)[number], seed: number): ChainedEntry {
  const current = entry[field];
  if (field === 'id') {
    // Any other id, lower or higher.
    const delta = (seed % 5) + 1;
    return { ...entry, id: seed % 2 === 0 || entry.id - delta < 1 ? entry.id + delta : entry.id - delta };
  }
  if (field === 'actorUserId') return { ...entry, actorUserId: current === null ? seed + 1 : null };
  if (current === null) return { ...entry, [field]: `x${seed}` };
  // Flip one character so even a near-identical value must be caught.
  const text = String(current);
  const at = seed % text.length;
  const flipped = text[at] === 'a' ? 'b' : 'a';
  return { ...entry, [field]: `${text.slice(0, at)}${flipped}${text.slice(at + 1)}` };
}

const chain = fc.array(content, { minLength: 1, maxLength: 40 }).map(buildChain);

describe('audit chain verifier (property)', () => {
  it('verifies an untouched chain and reports its head', () => {
    fc.assert(
      fc.property(chain, ({ entries, head }) => {
        expect(verify(entries, head)).toEqual({ ok: true, entries: entries.length, head });
      }),
    );
  });

  it('verifies an empty chain against no head', () => {
    expect(verify([], null)).toEqual({
      ok: true,
      entries: 0,
      head: { lastId: 0, lastHash: GENESIS_HASH },
    });
  });

  it('detects a change to any field of any entry, at that entry', () => {
    fc.assert(
      fc.property(
        chain,
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.nat(),
        ({ entries, head }, i, field, seed) => {
          const index = i % entries.length;
          const original = entries[index];
          if (!original) throw new Error('index out of range');
          const tampered = entries.map((e, k) => (k === index ? changed(e, field, seed) : e));
          const result = verify(tampered, head);
          expect(result).toMatchObject({ ok: false, firstBrokenId: original.id });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('detects the deletion of any entry, including the newest ones, at the first one removed', () => {
    fc.assert(
      fc.property(chain, fc.nat(), fc.integer({ min: 1, max: 5 }), ({ entries, head }, i, count) => {
        const from = i % entries.length;
        const removed = entries.slice(from, from + count);
        const tampered = [...entries.slice(0, from), ...entries.slice(from + count)];
        expect(verify(tampered, head)).toMatchObject({ ok: false, firstBrokenId: removed[0]?.id });
      }),
      { numRuns: 300 },
    );
  });

  it('detects the removal of the head record itself', () => {
    fc.assert(
      fc.property(chain, ({ entries }) => {
        expect(verify(entries, null)).toMatchObject({ ok: false, firstBrokenId: 1 });
      }),
    );
  });

  it('detects a swap of two entries, or of their contents under the same ids, at the first position', () => {
    fc.assert(
      fc.property(
        chain.filter(({ entries }) => entries.length >= 2),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        ({ entries, head }, a, b, keepIds) => {
          const i = a % entries.length;
          let j = b % entries.length;
          if (j === i) j = (i + 1) % entries.length;
          const [lo, hi] = i < j ? [i, j] : [j, i];
          const x = entries[lo];
          const y = entries[hi];
          if (!x || !y) throw new Error('index out of range');
          const tampered = [...entries];
          tampered[lo] = keepIds ? { ...y, id: x.id } : y;
          tampered[hi] = keepIds ? { ...x, id: y.id } : x;
          expect(verify(tampered, head)).toMatchObject({ ok: false, firstBrokenId: x.id });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('detects an entry appended behind the head’s back, at that entry', () => {
    fc.assert(
      fc.property(chain, content, ({ entries, head }, extra) => {
        const forged = buildChain([...entries.map(contentOf), extra]);
        expect(verify(forged.entries, head)).toMatchObject({ ok: false, firstBrokenId: entries.length + 1 });
      }),
    );
  });
});
