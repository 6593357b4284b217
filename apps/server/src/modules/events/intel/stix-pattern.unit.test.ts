import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planPattern } from './intel-observables.ts';
import { parseStixPattern } from './stix-pattern.ts';

function plan(source: string) {
  const parsed = parseStixPattern(source);
  if (!parsed.ok) throw new Error(`${parsed.error} at ${parsed.position}`);
  return planPattern(parsed.pattern);
}

describe('STIX pattern parser', () => {
  it('parses comparisons, AND/OR precedence and parentheses', () => {
    const parsed = parseStixPattern(
      "[ipv4-addr:value = '1.2.3.4' OR domain-name:value = 'a.example' AND url:value = 'http://x.example/']",
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.pattern).toMatchObject({
      type: 'observation',
      comparison: { type: 'or', items: [{ type: 'comparison' }, { type: 'and' }] },
    });
  });

  it('parses quoted path components, list indexes, every literal and qualifier', () => {
    for (const source of [
      "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
      "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
      "[network-traffic:dst_ref.value = '1.2.3.4' AND network-traffic:dst_port = 443]",
      "[email-message:to_refs[*].value = 'a@b.example']",
      "[email-message:to_refs[0].value = 'a@b.example']",
      '[file:size > 1.5e3] WITHIN 300 SECONDS',
      "[process:command_line MATCHES '^cmd\\\\.exe'] REPEATS 5 TIMES",
      "[file:name LIKE 'a%'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
      "[artifact:payload_bin = b'dGVzdA=='] AND [file:magic_number_hex = h'ffd8']",
      "([a:b = true] OR [c:d != false]) FOLLOWEDBY [e:f IN ('x', 'y')]",
      "[x-custom:'x_field' NOT = -5]",
      "[file:name = 'O\\'Brien.exe']",
      '[EXISTS file:name]',
    ]) {
      const parsed = parseStixPattern(source);
      expect(parsed, source).toMatchObject({ ok: true });
    }
  });

  it('reports invalid patterns with a clear error and position', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ["[ipv4-addr:value = '1.2.3.4'", /expected "\]" but found the end/],
      ["ipv4-addr:value = '1.2.3.4'", /expected "\[" or "\("/],
      ["[ipv4-addr:value == '1.2.3.4']", /expected a literal/],
      ["[ipv4-addr:value = '1.2.3.4]", /unterminated string/],
      ["[ipv4-addr:value ~ '1.2.3.4']", /unexpected character "~"/],
      ["[ipv4-addr:value = '1.2.3.4'] WITHIN SECONDS", /WITHIN needs a positive number/],
      ["[a:b = 1] START t'2020-01-01T00:00:00Z' STOP t'2019-01-01T00:00:00Z'", /STOP must be after START/],
      ["[a:b = t'yesterday']", /invalid timestamp/],
      ["[a:b = h'abc']", /invalid hex/],
      ["[a:b IN ('x', 1)]", /mixes literal types/],
      ["[a:b = 'x\\n']", /invalid escape/],
      ["[a:b = 'x'] [c:d = 'y']", /expected AND, OR, FOLLOWEDBY/],
      ['[a:b LIKE 5]', /LIKE needs a string/],
    ];
    for (const [source, message] of cases) {
      const parsed = parseStixPattern(source);
      expect(parsed.ok, source).toBe(false);
      if (!parsed.ok) expect(parsed.error, source).toMatch(message);
    }
    const parsed = parseStixPattern("[ipv4-addr:value = '1.2.3.4' AND ]");
    expect(parsed).toMatchObject({ ok: false, position: 33 });
    expect(parseStixPattern(42)).toMatchObject({ ok: false, error: 'the pattern is not a string' });
  });

  it('refuses pathological nesting without overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}[a:b = 1]${')'.repeat(5000)}`;
    expect(parseStixPattern(deep)).toMatchObject({ ok: false, error: 'pattern nested too deeply' });
  });
});

describe('match plans', () => {
  it('turns supported comparisons into canonical terms', () => {
    expect(plan("[ipv4-addr:value = '198.51.100.0/24' OR ipv6-addr:value = '2001:DB8:0:0::1']")).toEqual({
      matchable: true,
      clauses: [[{ kind: 'ipv4', value: '198.51.100.0/24' }], [{ kind: 'ipv6', value: '2001:db8::1' }]],
    });
    expect(
      plan("[domain-name:value = 'EVIL.Example.'] OR [url:value = 'HTTP://Evil.example:80/a?b=C#frag']"),
    ).toEqual({
      matchable: true,
      clauses: [[{ kind: 'domain', value: 'evil.example' }], [{ kind: 'url', value: 'evil.example/a?b=C' }]],
    });
    expect(
      plan(
        "[file:hashes.'SHA-1' = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709' AND file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
      ),
    ).toEqual({
      matchable: true,
      clauses: [
        [
          { kind: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
          { kind: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
        ],
      ],
    });
    expect(plan("[ipv4-addr:value ISSUBSET '10.0.0.0/8']")).toMatchObject({
      clauses: [[{ value: '10.0.0.0/8' }]],
    });
    expect(plan("[domain-name:value IN ('a.example', 'b.example')]")).toMatchObject({
      clauses: [[{ value: 'a.example' }], [{ value: 'b.example' }]],
    });
    // Distribution: (a OR b) AND c is two clauses of two terms.
    expect(
      plan(
        "[(file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' OR file:hashes.MD5 = '00000000000000000000000000000000') AND file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
      ),
    ).toMatchObject({
      matchable: true,
      clauses: [
        [{}, {}],
        [{}, {}],
      ],
    });
  });

  it('says why a pattern cannot be matched', () => {
    const reasons: [string, RegExp][] = [
      ['[network-traffic:dst_port = 443]', /object path network-traffic:dst_port is not supported/],
      ["[domain-name:value LIKE '%.example']", /operator LIKE on domain-name:value is not supported/],
      ["[domain-name:value NOT = 'a.example']", /operator NOT = /],
      ["[ipv4-addr:value = '1.2.3.4'] WITHIN 60 SECONDS", /WITHIN qualifier needs correlation/],
      [
        "[ipv4-addr:value = '1.2.3.4'] AND [domain-name:value = 'a.example']",
        /joined by AND need several events/,
      ],
      ["[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'a.example']", /FOLLOWEDBY/],
      ["[ipv4-addr:value = '10.0.0.1/8']", /host bits set/],
      ["[ipv4-addr:value = '2001:db8::1']", /is not an IPv4 address/],
      ["[file:hashes.MD5 = 'xyz']", /is not a MD5 hash/],
      ["[file:hashes.'SHA-512' = 'ab']", /file:hashes.'SHA-512' is not supported/],
      ['[EXISTS file:name]', /EXISTS file:name/],
      ['[ipv4-addr:value = 5]', /int literal/],
    ];
    for (const [source, reason] of reasons) {
      const p = plan(source);
      expect(p.matchable, source).toBe(false);
      if (!p.matchable) expect(p.reason, source).toMatch(reason);
    }
  });

  it('never lets an exception escape on random or mutated input', () => {
    const pieces = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      ' ',
      "'",
      '\\',
      'AND',
      'OR',
      'NOT',
      'FOLLOWEDBY',
      'WITHIN',
      '5',
      'SECONDS',
      'REPEATS',
      'TIMES',
      'START',
      'STOP',
      "t'2020-01-01T00:00:00Z'",
      'ipv4-addr:value',
      'file:hashes.',
      "'SHA-256'",
      '=',
      '!=',
      'IN',
      'LIKE',
      'MATCHES',
      'ISSUBSET',
      'EXISTS',
      "'1.2.3.4'",
      "'10.0.0.0/8'",
      ',',
      '[*]',
      '-1',
      "h'ff'",
      "b'AA=='",
      'true',
      ':',
      '.',
      '\u0000',
      '中文',
    );
    const valid = "[ipv4-addr:value = '198.51.100.1' OR file:hashes.'SHA-256' = 'aa'] WITHIN 5 SECONDS";
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 40 }).map((a) => a.join(' ')),
          fc.array(pieces, { maxLength: 40 }).map((a) => a.join('')),
          fc
            .tuple(fc.nat(valid.length), fc.nat(valid.length), fc.string({ maxLength: 5 }))
            .map(([a, b, s]) => valid.slice(0, Math.min(a, b)) + s + valid.slice(Math.max(a, b))),
        ),
        (source) => {
          const parsed = parseStixPattern(source);
          if (parsed.ok) {
            const p = planPattern(parsed.pattern);
            expect(typeof p.matchable).toBe('boolean');
          } else {
            expect(parsed.error.length).toBeGreaterThan(0);
            expect(parsed.position).toBeGreaterThanOrEqual(0);
            expect(parsed.position).toBeLessThanOrEqual(source.length);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
