import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNetwork, parseAddress, parseNetwork } from '../../../platform/net/ip-address.ts';
import type { ObservableKind, SecurityEvent } from '../event-schema.ts';
import { IndicatorMatcherBuilder, type MatcherIndicator } from './intel-matcher.ts';
import { normalizeObservable } from './intel-observables.ts';

const NOW = Date.parse('2026-11-21T12:00:00Z');

function event(fields: Partial<SecurityEvent>): SecurityEvent {
  return {
    '@timestamp': '2026-11-21T12:00:00Z',
    logsource: {},
    shouwang: { sourceId: 1, unitId: null, assetId: null, receivedAt: '2026-11-21T12:00:00Z' },
    original: {},
    ...fields,
  };
}

function ind(
  id: number,
  kind: ObservableKind,
  value: string,
  extra: Partial<MatcherIndicator> = {},
): MatcherIndicator {
  const n = normalizeObservable(kind, value);
  if (!n.ok) throw new Error(n.error);
  return {
    id,
    name: null,
    level: 'high',
    validFrom: null,
    expiresAt: null,
    clauses: [[{ kind, value: n.value }]],
    ...extra,
  };
}

function matcherOf(...indicators: MatcherIndicator[]) {
  const b = new IndicatorMatcherBuilder();
  for (const i of indicators) b.add(i);
  return b.build();
}

const keys = (ds: { ruleKey: string }[]) => ds.map((d) => d.ruleKey).sort();

describe('indicator matcher', () => {
  it('matches IPv4 addresses and nested CIDR networks at their edges', () => {
    const m = matcherOf(
      ind(1, 'ipv4', '10.0.0.0/8'),
      ind(2, 'ipv4', '10.1.0.0/16'),
      ind(3, 'ipv4', '10.1.2.3'),
      ind(4, 'ipv4', '10.2.0.0/16'),
      ind(5, 'ipv4', '0.0.0.0/0'),
      ind(6, 'ipv4', '255.255.255.255'),
      ind(7, 'ipv4', '192.168.0.0/31'),
    );
    const at = (ip: string) => keys(m.match(event({ source: { ip } }), NOW));
    expect(at('10.1.2.3')).toEqual(['ioc:1', 'ioc:2', 'ioc:3', 'ioc:5']);
    expect(at('10.1.255.255')).toEqual(['ioc:1', 'ioc:2', 'ioc:5']);
    expect(at('10.2.0.0')).toEqual(['ioc:1', 'ioc:4', 'ioc:5']);
    expect(at('10.255.255.255')).toEqual(['ioc:1', 'ioc:5']);
    expect(at('11.0.0.0')).toEqual(['ioc:5']);
    expect(at('9.255.255.255')).toEqual(['ioc:5']);
    expect(at('255.255.255.255')).toEqual(['ioc:5', 'ioc:6']);
    expect(at('192.168.0.1')).toEqual(['ioc:5', 'ioc:7']);
    expect(at('192.168.0.2')).toEqual(['ioc:5']);
    // IPv4-mapped IPv6, as dual-stack servers log clients.
    expect(at('::ffff:10.1.2.3')).toEqual(['ioc:1', 'ioc:2', 'ioc:3', 'ioc:5']);
    expect(at('not an ip')).toEqual([]);
  });

  it('agrees with a brute-force CIDR check on random networks and addresses', () => {
    const net = fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
      .map(([a, p]) => {
        const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
        return { network: (a & mask) >>> 0, prefix: p, mask };
      });
    fc.assert(
      fc.property(
        fc.array(net, { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 20 }),
        (nets, ips) => {
          const m = matcherOf(
            ...nets.map((n, i) =>
              ind(i + 1, 'ipv4', formatNetwork({ v6: false, network: n.network, prefix: n.prefix })),
            ),
          );
          for (const ip of ips) {
            const text = formatNetwork({ v6: false, network: ip, prefix: 32 });
            const expected = nets
              .flatMap((n, i) => ((ip & n.mask) >>> 0 === n.network ? [`ioc:${i + 1}`] : []))
              .sort();
            expect(keys(m.match(event({ destination: { ip: text } }), NOW))).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches IPv6 addresses and networks', () => {
    const m = matcherOf(
      ind(1, 'ipv6', '2001:db8::/32'),
      ind(2, 'ipv6', '2001:db8:0:1::/64'),
      ind(3, 'ipv6', '2001:DB8::1'),
    );
    const at = (ip: string) => keys(m.match(event({ source: { ip } }), NOW));
    expect(at('2001:db8::1')).toEqual(['ioc:1', 'ioc:3']);
    expect(at('2001:db8:0:1:ffff:ffff:ffff:ffff')).toEqual(['ioc:1', 'ioc:2']);
    expect(at('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual(['ioc:1']);
    expect(at('2001:db9::')).toEqual([]);
    expect(at('2001:db7:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual([]);
    expect(at('fe80::1%eth0')).toEqual([]);
    expect(parseAddress('2001:db8::1')).toEqual({ v6: true, value: 0x20010db8000000000000000000000001n });
    expect(parseNetwork('2001:db8::1/64')).toMatchObject({ ok: false });
  });

  it('matches domains and their subdomains, URLs and hashes, reporting the fields', () => {
    const m = matcherOf(
      ind(1, 'domain', 'evil.example', { name: 'Evil C2' }),
      ind(2, 'url', 'https://bad.example/shell.php?x=1'),
      ind(3, 'md5', 'D41D8CD98F00B204E9800998ECF8427E'),
      ind(4, 'sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
      ind(5, 'sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'),
    );
    const dns = m.match(event({ dns: { question: { name: 'A.cdn.EVIL.example.' } } }), NOW);
    expect(dns).toMatchObject([
      {
        kind: 'indicator',
        ruleKey: 'ioc:1',
        title: 'Evil C2',
        level: 'high',
        matchedFields: { 'dns.question.name': 'A.cdn.EVIL.example.' },
      },
    ]);
    expect(m.match(event({ dns: { question: { name: 'notevil.example' } } }), NOW)).toEqual([]);
    expect(m.match(event({ tls: { client: { server_name: 'evil.example' } } }), NOW)).toHaveLength(1);
    expect(keys(m.match(event({ url: { original: 'http://BAD.example/shell.php?x=1' } }), NOW))).toEqual([
      'ioc:2',
    ]);
    expect(keys(m.match(event({ url: { original: '/shell.php?x=1', domain: 'bad.example' } }), NOW))).toEqual(
      ['ioc:2'],
    );
    expect(m.match(event({ url: { original: 'http://bad.example/shell.php?x=2' } }), NOW)).toEqual([]);
    expect(
      keys(
        m.match(
          event({
            file: {
              hash: {
                md5: 'd41d8cd98f00b204e9800998ecf8427e',
                sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
              },
            },
          }),
          NOW,
        ),
      ),
    ).toEqual(['ioc:3', 'ioc:5']);
    // The source's own fields: Suricata fileinfo and Sysmon's Hashes list.
    expect(
      keys(
        m.match(
          event({
            original: {
              fileinfo: { sha256: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' },
            },
          }),
          NOW,
        ),
      ),
    ).toEqual(['ioc:4']);
    const sysmon = m.match(
      event({ original: { Hashes: 'SHA1=DA39A3EE5E6B4B0D3255BFEF95601890AFD80709,IMPHASH=00' } }),
      NOW,
    );
    expect(sysmon).toMatchObject([
      { ruleKey: 'ioc:5', matchedFields: { 'original.Hashes': 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709' } },
    ]);
    expect(
      m.match(event({ original: { src_ip: '10.0.0.1', dns: { rrname: 'x.evil.example' } } }), NOW),
    ).toMatchObject([{ ruleKey: 'ioc:1', matchedFields: { 'original.dns.rrname': 'x.evil.example' } }]);
  });

  it('needs every term of an AND clause in the same event and reports one detection per indicator', () => {
    const both: MatcherIndicator = {
      id: 9,
      name: null,
      level: 'medium',
      validFrom: null,
      expiresAt: null,
      clauses: [
        [
          { kind: 'ipv4', value: '1.2.3.4' },
          { kind: 'domain', value: 'evil.example' },
        ],
        [{ kind: 'ipv4', value: '5.6.7.8' }],
      ],
    };
    const m = matcherOf(both);
    expect(m.match(event({ source: { ip: '1.2.3.4' } }), NOW)).toEqual([]);
    expect(
      m.match(event({ source: { ip: '1.2.3.4' }, dns: { question: { name: 'evil.example' } } }), NOW),
    ).toMatchObject([
      { ruleKey: 'ioc:9', matchedFields: { 'source.ip': '1.2.3.4', 'dns.question.name': 'evil.example' } },
    ]);
    const two = m.match(
      event({
        source: { ip: '5.6.7.8' },
        destination: { ip: '1.2.3.4' },
        dns: { question: { name: 'evil.example' } },
      }),
      NOW,
    );
    expect(two).toHaveLength(1);
    expect(Object.keys(two[0]?.matchedFields ?? {}).sort()).toEqual([
      'destination.ip',
      'dns.question.name',
      'source.ip',
    ]);
  });

  it('skips indicators that are expired or not yet valid', () => {
    const m = matcherOf(
      ind(1, 'ipv4', '1.1.1.1', { expiresAt: NOW }),
      ind(2, 'ipv4', '1.1.1.1', { expiresAt: NOW + 1 }),
      ind(3, 'ipv4', '1.1.1.1', { validFrom: NOW + 1 }),
      ind(4, 'ipv4', '1.1.1.1', { validFrom: NOW, level: 'low' }),
    );
    expect(
      m
        .match(event({ source: { ip: '1.1.1.1' } }), NOW)
        .map((d) => [d.ruleKey, d.level])
        .sort(),
    ).toEqual([
      ['ioc:2', 'high'],
      ['ioc:4', 'low'],
    ]);
  });

  it('formats networks canonically', () => {
    for (const [input, out] of [
      ['10.0.0.0/8', '10.0.0.0/8'],
      ['1.2.3.4/32', '1.2.3.4'],
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:1:0:0:0:0/64', '2001:db8:0:1::/64'],
      ['::/0', '::/0'],
      ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
    ] as const) {
      const parsed = parseNetwork(input);
      expect(parsed.ok && formatNetwork(parsed.network)).toBe(out);
    }
    expect(parseNetwork('10.0.0.0/33')).toMatchObject({ ok: false });
    expect(parseNetwork('010.0.0.1')).toMatchObject({ ok: false });
  });
});

describe('digest table and keys', () => {
  it('finds every hash even when thousands share a prefix, and no others', () => {
    const hashes = Array.from(
      { length: 5000 },
      (_, i) => `deadbeefdeadbeef${i.toString(16).padStart(48, '0')}`,
    );
    const m = matcherOf(...hashes.map((h, i) => ind(i + 1, 'sha256', h)));
    for (const i of [0, 1, 2499, 4999]) {
      expect(keys(m.match(event({ file: { hash: { sha256: hashes[i] } } }), NOW))).toEqual([`ioc:${i + 1}`]);
    }
    const absent = `deadbeefdeadbeef${(5000).toString(16).padStart(48, '0')}`;
    expect(m.match(event({ file: { hash: { sha256: absent } } }), NOW)).toEqual([]);
    expect(m.match(event({ file: { hash: { sha256: 'not hex at all' } } }), NOW)).toEqual([]);
  });

  it('keys URLs by host, path and query whatever the scheme, case of host, port or fragment', () => {
    const m = matcherOf(ind(1, 'url', 'https://Login.Example.com/Auth?next=/a'));
    for (const url of [
      'https://login.example.com/Auth?next=/a',
      'http://LOGIN.example.com:80/Auth?next=/a#x',
      'https://user@login.example.com:443/Auth?next=/a',
      'login.example.com/Auth?next=/a',
    ]) {
      expect(keys(m.match(event({ url: { original: url } }), NOW)), url).toEqual(['ioc:1']);
    }
    for (const url of [
      'https://login.example.com/auth?next=/a',
      'https://login.example.com:8443/Auth?next=/a',
    ]) {
      expect(m.match(event({ url: { original: url } }), NOW), url).toEqual([]);
    }
  });
});

describe('domain suffixes', () => {
  it('matches a name under indicators of different depths, and a TLD indicator too', () => {
    const m = matcherOf(
      ind(1, 'domain', 'x.y.evil.example'),
      ind(2, 'domain', 'evil.example'),
      ind(3, 'domain', 'zz'),
    );
    const at = (name: string) => keys(m.match(event({ dns: { question: { name } } }), NOW));
    expect(at('a.b.deep.x.y.evil.example')).toEqual(['ioc:1', 'ioc:2']);
    expect(at('y.evil.example')).toEqual(['ioc:2']);
    expect(at('evil.example')).toEqual(['ioc:2']);
    expect(at('example')).toEqual([]);
    expect(at('anything.zz')).toEqual(['ioc:3']);
    expect(at('zz.example')).toEqual([]);
  });
});
