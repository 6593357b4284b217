// Property-based tests of every parser, the framing decoder and the bulk splitter with random and
// mutated input: nothing throws (the parser's own safety net counts as a failure here), every failure
// is {ok: false, error} with a short readable reason, every success is a well-formed event, and
// adversarial inputs (huge lines, nesting bombs, backtracking bait) finish in bounded time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseResult, SourceKind } from '../event-schema.ts';
import { decodeRecords } from './bulk-records.ts';
import { createParser, MAX_RECORD_LENGTH } from './create-parser.ts';
import { SAMPLE_RECORDS } from './parser-samples.ts';
import { SyslogFrameDecoder } from './syslog-framing.ts';

const KINDS = Object.keys(SAMPLE_RECORDS) as SourceKind[];
const now = () => new Date('2026-11-21T02:00:00Z');
const parsers = Object.fromEntries(KINDS.map((k) => [k, createParser(k, { now })])) as Record<
  SourceKind,
  ReturnType<typeof createParser>
>;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Asserts the shape of a result; returns it for chaining. */
function wellFormed(r: ParseResult): ParseResult {
  if (!r.ok) {
    expect(typeof r.error).toBe('string');
    expect(r.error.length).toBeGreaterThan(0);
    expect(r.error.length).toBeLessThan(400);
    expect(r.error).not.toMatch(/^parser error/); // an exception escaped a parser
    return r;
  }
  const e = r.event;
  expect(e['@timestamp']).toMatch(ISO);
  expect(Number.isNaN(Date.parse(e['@timestamp']))).toBe(false);
  expect(typeof e.logsource).toBe('object');
  expect(typeof e.original).toBe('object');
  if (e.event?.severity !== undefined) expect(e.event.severity).toBeGreaterThanOrEqual(0);
  if (e.event?.severity !== undefined) expect(e.event.severity).toBeLessThanOrEqual(100);
  for (const port of [e.source?.port, e.destination?.port])
    if (port !== undefined) expect(Number.isInteger(port) && port >= 0 && port <= 65535).toBe(true);
  expect(() => JSON.stringify(e)).not.toThrow();
  return r;
}

type Mutation = {
  op: 'truncate' | 'insert' | 'delete' | 'duplicate' | 'replace';
  at: number;
  len: number;
  text: string;
};
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('truncate', 'insert', 'delete', 'duplicate', 'replace'),
  at: fc.nat(),
  len: fc.nat({ max: 40 }),
  text: fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.constantFrom(
      '"',
      '\\',
      '{',
      '}',
      '[',
      ']',
      '<',
      '>',
      '=',
      ' ',
      '|',
      ':',
      '%%',
      '\0',
      '\n',
      '\uFEFF',
      '\uD800',
    ),
  ),
});

function mutate(input: string, mutations: Mutation[]): string {
  let s = input;
  for (const m of mutations) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.op === 'truncate') s = s.slice(0, at);
    else if (m.op === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.op === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.op === 'duplicate') s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
    else s = s.slice(0, at) + m.text + s.slice(at + m.text.length);
  }
  return s;
}

/** Fuzzing takes seconds on a loaded machine; the hang guard is the per-input bound below, not this. */
const SLOW = 120_000;
/** PARSERS_FUZZ_RUNS raises the number of cases for a longer local search. */
const RUNS = Number(process.env.PARSERS_FUZZ_RUNS ?? 300);

describe.each(KINDS)('%s parser under random input', { timeout: SLOW }, (kind) => {
  const parser = parsers[kind];
  const seeds = SAMPLE_RECORDS[kind];

  it('parses every sample', () => {
    for (const s of seeds) expect(wellFormed(parser.parse(s)).ok).toBe(true);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })),
        (s) => {
          wellFormed(parser.parse(s));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never throws on mutated samples', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, ms) => {
        wellFormed(parser.parse(mutate(seeds[i % seeds.length] ?? '', ms)));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('never throws on random bytes decoded as UTF-8 or Latin-1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const buf = Buffer.from(bytes);
        wellFormed(parser.parse(buf.toString('utf8')));
        wellFormed(parser.parse(buf.toString('latin1')));
      }),
      { numRuns: RUNS },
    );
  });
});

/** Field names the JSON parsers look at, so random objects reach their deeper branches. */
const VOCABULARY = [
  'timestamp',
  '@timestamp',
  'event_type',
  'src_ip',
  'src_port',
  'dest_ip',
  'dest_port',
  'alert',
  'http',
  'dns',
  'tls',
  'fileinfo',
  'anomaly',
  'flow',
  'rule',
  'agent',
  'data',
  'win',
  'system',
  'eventdata',
  'winlog',
  'event_data',
  'event_id',
  'channel',
  'Event',
  'System',
  'EventData',
  'Data',
  'EventID',
  'Channel',
  'Id',
  'LogName',
  'TimeCreated',
  '#attributes',
  '#text',
  '@Name',
  'Provider',
  'source',
  'ip',
  'port',
  'url',
  'logsource',
  'message',
  'level',
  'groups',
  'queries',
  'rrname',
  'signature_id',
  'severity',
  'Image',
];
const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
      '1',
      '4688',
      'Security',
      'Microsoft-Windows-Sysmon/Operational',
      '2026-11-21T10:00:00+0800',
      '10.0.0.1',
      '/Date(1)/',
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 6 })), tie('value'), {
    maxKeys: 6,
  }),
})).value;

describe('JSON parsers under random objects', { timeout: SLOW }, () => {
  it.each(['suricata_eve', 'wazuh_alerts', 'windows_json', 'ndjson'] as const)('%s', (kind) => {
    fc.assert(
      fc.property(jsonish, fc.nat(), (value, i) => {
        wellFormed(parsers[kind].parse(JSON.stringify(value)));
        // The same value grafted onto a real sample reaches the type-specific branches.
        const seed = JSON.parse(SAMPLE_RECORDS[kind][i % SAMPLE_RECORDS[kind].length] ?? '{}') as Record<
          string,
          unknown
        >;
        const keys = Object.keys(seed);
        const key = keys[i % keys.length] ?? 'x';
        wellFormed(parsers[kind].parse(JSON.stringify({ ...seed, [key]: value })));
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

describe('adversarial input finishes in bounded time', { timeout: SLOW }, () => {
  const big = 512 * 1024;
  const cases: [string, string][] = [
    ['nesting bomb [', '['.repeat(big)],
    ['nesting bomb {"a":', '{"a":'.repeat(big / 5)],
    ['a record over the length limit', 'x'.repeat(MAX_RECORD_LENGTH + 1)],
    ['a huge line', `<13>Nov 21 10:00:00 h app: ${'a'.repeat(big)}`],
    ['Huawei parameters bait', `<13>Nov 21 10:00:00 h %%01A/5/B:x (${'='.repeat(big)}`],
    ['Sangfor pairs bait', `<13>a${' '.repeat(big)}b, c:d, e:f`],
    ['Cisco mnemonic bait', `<13>%A${'-1'.repeat(big / 2)}X`],
    ['CEF extension bait', `<13>CEF:0|a|b|c|d|e|5|${'k='.repeat(big / 2)}`],
    ['netfilter bait', `<4>kernel: x SRC=1 DST=2${' AAAAAAAAAAAAAAAA'.repeat(big / 17)}=`],
    ['key=value bait', `<13>${'k="\\'.repeat(big / 4)}`],
    ['structured data bait', `<13>1 - h a - - ${'[x'.repeat(big / 2)}`],
    ['structured data escapes', `<13>1 - h a - - [x k="${'\\'.repeat(big)}`],
    ['access log quotes', `1.2.3.4 - - [21/Nov/2026:10:00:00 +0800] "${'\\"'.repeat(big / 2)}`],
    [
      'access log spaces',
      `1.2.3.4 - - [21/Nov/2026:10:00:00 +0800] "GET / HTTP/1.1" 200 1${' "x"'.repeat(big / 4)}`,
    ],
    ['many JSON keys', `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`],
    [
      'EVTX Data list',
      JSON.stringify({
        Event: {
          System: { EventID: 1, Channel: 'Security' },
          EventData: { Data: Array.from({ length: 20_000 }, (_, i) => ({ '@Name': `n${i}`, '#text': 'v' })) },
        },
      }),
    ],
  ];
  it.each(cases)('%s', (_, input) => {
    for (const kind of KINDS) {
      const start = performance.now();
      wellFormed(parsers[kind].parse(input));
      // A hang guard, not a speed target: linear work on 0.5-1 MB takes milliseconds, quadratic takes minutes.
      expect(performance.now() - start).toBeLessThan(3000);
    }
  });
});

describe('SyslogFrameDecoder under random streams', { timeout: SLOW }, () => {
  const frameText = fc
    .string({ minLength: 1, maxLength: 60 })
    .filter((s) => !/[\n\0]/.test(s) && !/^[\r ]|\r$/.test(s));

  it('any chunking of a valid stream yields the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(frameText, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 10 }),
        (frames, octet, cuts) => {
          const body = Buffer.from(
            frames.map((f) => (octet ? `${Buffer.byteLength(f)} ${f}` : `<13>${f}\n`)).join(''),
          );
          const expected = frames.map((f) => (octet ? f : `<13>${f}`));
          const d = new SyslogFrameDecoder();
          const out: string[] = [];
          let prev = 0;
          for (const cut of [...cuts.map((c) => c % (body.length + 1)).sort((a, b) => a - b), body.length]) {
            for (const f of d.push(body.subarray(prev, Math.max(prev, cut))))
              out.push(f.ok ? f.frame.toString() : `E:${f.error}`);
            prev = Math.max(prev, cut);
          }
          for (const f of d.end()) out.push(f.ok ? f.frame.toString() : `E:${f.error}`);
          // Octet-counted frames may legitimately start with a space or end with CR; newline ones may not.
          expect(out).toEqual(expected);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('random bytes never throw, and no frame exceeds the maximum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        (chunks, max) => {
          const d = new SyslogFrameDecoder({ maxFrameBytes: max });
          const frames = [...chunks.flatMap((c) => d.push(Buffer.from(c))), ...d.end()];
          for (const f of frames) {
            if (f.ok) expect(f.frame.length).toBeLessThanOrEqual(max);
            else expect(f.error.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('a 10 MB frame in 64 KB chunks is skipped in linear time', () => {
    const d = new SyslogFrameDecoder({ maxFrameBytes: 1024 });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const start = performance.now();
    const out = [
      ...d.push(Buffer.from('<13>')),
      ...Array.from({ length: 160 }, () => d.push(chunk)).flat(),
      ...d.push(Buffer.from('\n<13>next\n')),
    ];
    expect(performance.now() - start).toBeLessThan(3000);
    expect(out.map((f) => (f.ok ? f.frame.toString() : 'error'))).toEqual(['error', '<13>next']);
  });
});

describe('decodeRecords under random bodies', { timeout: SLOW }, () => {
  it('random bytes never throw, in any format, and indices only grow', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom('ndjson', 'json', 'lines'),
        (bytes, format) => {
          const records = decodeRecords(Buffer.from(bytes), format, { maxRecordBytes: 64 });
          let last = -1;
          for (const r of records) {
            expect(r.index).toBeGreaterThanOrEqual(last);
            last = r.index;
            if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('a JSON array of objects splits into exactly its elements; truncated, into its complete ones and one error', () => {
    const element = fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(element, { maxLength: 6 }), fc.nat(), (elements, cutAt) => {
        const text = JSON.stringify(elements, null, cutAt % 2 === 0 ? undefined : 1);
        const expected = JSON.parse(text) as unknown[]; // as serialised: -0 becomes 0
        const whole = decodeRecords(Buffer.from(text), 'json');
        expect(whole.map((r) => (r.ok ? JSON.parse(r.record) : r.error))).toEqual(expected);
        const cut = Buffer.from(text).subarray(0, cutAt % Buffer.byteLength(text));
        const partial = decodeRecords(cut, 'json');
        const errors = partial.filter((r) => !r.ok);
        expect(errors.length).toBeLessThanOrEqual(1);
        for (const r of partial) if (r.ok) expect(JSON.parse(r.record)).toEqual(expected[r.index - 1]);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('NDJSON: each line is one record whatever the others contain', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
            fc.string({ maxLength: 20 }),
          ),
          { maxLength: 10 },
        ),
        (lines) => {
          const records = decodeRecords(Buffer.from(lines.join('\n')), 'ndjson');
          const expected = lines
            .map((l, i) => ({ l: l.replace(/\r$/, ''), i: i + 1 }))
            .filter(({ l }) => l !== '' && !/^[ \t\r]*$/.test(l));
          // A line with an embedded newline becomes more lines; count only lines without one.
          if (lines.every((l) => !l.includes('\n')))
            expect(records.map((r) => r.index)).toEqual(expected.map((e) => e.i));
          for (const r of records) {
            if (!r.ok) continue;
            const result = parsers.ndjson.parse(r.record);
            wellFormed(result);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
