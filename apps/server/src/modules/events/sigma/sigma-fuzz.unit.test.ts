import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createSigmaEngine } from './sigma-engine.ts';
import { loadRuleText } from './sigma-loader.ts';
import type { SigmaEvent } from './sigma-types.ts';

const MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'base64',
  'base64offset',
  'utf16le',
  'utf16be',
  'utf16',
  'wide',
  'windash',
  'exists',
  'fieldref',
  'gt',
  'gte',
  'lt',
  'lte',
  'cased',
  'expand',
  'bogus',
];
const FIELDS = ['Image', 'CommandLine', 'url.path', 'user.name', 'a', 'b', 'EventID', 'ip'];
const SAFE_REGEXES = [
  '^a',
  'b$',
  'a.c',
  '(?i)x+y',
  '\\d{2,4}',
  '[a-f0-9]{8}',
  '(foo|bar)baz',
  '(unclosed',
  'a++',
];

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[a-c*?\\%-/ .]{0,10}$/),
  fc.integer({ min: -5, max: 5000 }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('10.0.0.0/8', '::1/128', '%admins%', '-exec', '/c'),
);
const COMMON = ['contains', 'startswith', 'endswith', 'windash', 'cased'];
const modifierList = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...COMMON), { maxLength: 1 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...MODIFIERS), { maxLength: 3 }) },
);
const itemKey = fc
  .tuple(fc.constantFrom(...FIELDS), modifierList)
  .map(([field, mods]) => [field, ...mods].join('|'));
const itemValue = (key: string) =>
  key.includes('|re')
    ? fc.constantFrom(...SAFE_REGEXES)
    : fc.oneof(scalar, fc.array(scalar, { minLength: 1, maxLength: 4 }));
const searchMap = fc
  .array(itemKey, { minLength: 1, maxLength: 3 })
  .chain((keys) => fc.tuple(...keys.map((k) => itemValue(k).map((v) => [k, v] as const))))
  .map((entries) => Object.fromEntries(entries));
const search = fc.oneof(
  { weight: 4, arbitrary: searchMap },
  { weight: 1, arbitrary: fc.array(searchMap, { minLength: 1, maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
  },
);
const conditionWord = fc.constantFrom(
  'sel1',
  'sel2',
  'filter',
  'and',
  'or',
  'not',
  '(',
  ')',
  '1 of sel*',
  'all of them',
  'x',
  '|',
);
const rule = fc
  .record({
    sel1: search,
    sel2: search,
    filter: search,
    condition: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'sel1',
          'sel1 and not filter',
          '1 of sel* and not filter',
          'all of them',
          '(sel1 or sel2) and not filter',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.array(conditionWord, { minLength: 1, maxLength: 7 }).map((w) => w.join(' ')),
      },
    ),
    product: fc.constantFrom('windows', 'linux', undefined),
  })
  .map(({ product, ...detection }) =>
    stringify({ title: 'fuzz', id: 'f', logsource: product ? { product } : {}, detection }),
  );
const correlationDoc = fc
  .record({
    type: fc.constantFrom('event_count', 'value_count', 'temporal', 'temporal_ordered', 'other'),
    timespan: fc.constantFrom('1s', '5m', '1h', 'soon', 0),
    gte: fc.integer({ min: -1, max: 5 }),
    groupBy: fc.constantFrom([], ['a'], ['a', 'b']),
  })
  .map((c) =>
    stringify({
      title: 'corr',
      correlation: {
        type: c.type,
        rules: ['f'],
        'group-by': c.groupBy,
        timespan: c.timespan,
        condition: c.type === 'value_count' ? { field: 'b', gte: c.gte } : { gte: c.gte },
      },
    }),
  );
const event: fc.Arbitrary<SigmaEvent> = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS, 'logsource', 'x.y'), fc.jsonValue({ maxDepth: 3 })),
  fc.record({
    logsource: fc.record({ product: fc.constantFrom('windows', 'linux', 'WINDOWS') }),
    Image: fc.oneof(fc.string(), fc.stringMatching(/^[a-c*?\\%-/ .]{0,10}$/)),
    CommandLine: fc.string({ maxLength: 200 }),
    a: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    b: fc.array(fc.string(), { maxLength: 3 }),
  }),
);

describe('fuzzing', () => {
  it('arbitrary text as rule YAML never throws out of the loader or the engine', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), event, (text, e) => {
        const engine = createSigmaEngine({ rules: loadRuleText(text, 'fuzz.yml') });
        engine.match(e);
        engine.correlate(e, 0);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary rules (every modifier, random conditions) and arbitrary events never throw or hang', () => {
    const started = Date.now();
    let loaded = 0;
    let matched = 0;
    fc.assert(
      fc.property(
        fc.array(rule, { minLength: 1, maxLength: 3 }),
        fc.option(correlationDoc),
        fc.array(event, { minLength: 1, maxLength: 10 }),
        (rules, corr, events) => {
          const yaml = [...rules, ...(corr ? [corr] : [])].join('---\n');
          const engine = createSigmaEngine({
            rules: loadRuleText(yaml, 'fuzz.yml'),
            placeholders: { admins: ['root'] },
          });
          loaded += engine.stats.rules;
          const t0 = Date.now();
          events.forEach((e, i) => {
            for (const m of engine.match(e)) {
              expect(typeof m.title).toBe('string');
              matched++;
            }
            engine.correlate(e, i * 1000);
          });
          engine.flush(Number.MAX_SAFE_INTEGER);
          expect(Date.now() - t0).toBeLessThan(1000);
          // every document is either loaded or reported
          expect(
            engine.stats.rules + engine.stats.correlations + engine.unsupported.length,
          ).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 400 },
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    // the generator must exercise compiled rules and real matches, not only rejections
    expect(loaded).toBeGreaterThan(100);
    expect(matched).toBeGreaterThan(10);
    // The bound that matters is per input (1 s above); the whole run gets time on a busy machine.
  }, 60_000);

  it('mutated real rules load or are reported, never throw', () => {
    const base = stringify({
      title: 'base',
      logsource: { category: 'process_creation', product: 'windows' },
      detection: {
        selection: { 'Image|endswith': ['\\cmd.exe'], 'CommandLine|contains|all': [' /c ', 'whoami'] },
        filter: { 'ParentImage|startswith': 'C:\\Windows\\' },
        condition: 'selection and not filter',
      },
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: base.length }),
        fc.integer({ min: 0, max: 20 }),
        fc.string({ maxLength: 5 }),
        (at, cut, insert) => {
          const text = base.slice(0, at) + insert + base.slice(at + cut);
          const engine = createSigmaEngine({ rules: loadRuleText(text, 'mutated.yml') });
          engine.match({ Image: 'C:\\x\\cmd.exe', CommandLine: 'cmd /c whoami', ParentImage: 'D:\\a' });
          expect(engine.stats.rules + engine.unsupported.length).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hostile events: deep nesting, huge strings, cycles', () => {
    const engine = createSigmaEngine({
      rules: loadRuleText(
        stringify({
          title: 'k',
          detection: { keywords: ['needle'], sel: { 'a.b.c|contains': 'x' }, condition: 'keywords or sel' },
        }),
        'k.yml',
      ),
    });
    let deep: Record<string, unknown> = { v: 'needle' };
    for (let i = 0; i < 10_000; i++) deep = { n: deep };
    expect(() => engine.match(deep)).not.toThrow();
    const cyclic: Record<string, unknown> = { a: 'hay' };
    cyclic.self = cyclic;
    cyclic.again = cyclic;
    expect(() => engine.match(cyclic)).not.toThrow();
    expect(engine.match({ big: `${'a'.repeat(5_000_000)}needle` })).toHaveLength(1);
  });
});
