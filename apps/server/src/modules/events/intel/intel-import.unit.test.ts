import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readZip, ZipError } from '../../../platform/files/zip-reader.ts';
import { parseCsvFeed, parseMispEvent, parseMispManifest } from './misp-import.ts';
import { parseStixBundle } from './stix-import.ts';

const ID1 = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const ID2 = 'indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000002';

export const STIX_BUNDLE = {
  type: 'bundle',
  id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
  objects: [
    { type: 'identity', id: 'identity--1', name: 'CERT' },
    {
      type: 'indicator',
      spec_version: '2.1',
      id: ID1,
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-02T00:00:00Z',
      name: 'C2 server',
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
      valid_until: '2027-01-01T00:00:00Z',
      confidence: 90,
      indicator_types: ['malicious-activity'],
      labels: ['apt'],
    },
    {
      type: 'indicator',
      id: ID2,
      pattern: '[network-traffic:dst_port = 4444]',
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
    },
    {
      type: 'indicator',
      id: 'indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000003',
      pattern: "[ipv4-addr:value = '1.2.3.4'",
      valid_from: '2026-01-01T00:00:00Z',
    },
    {
      type: 'indicator',
      id: 'indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000004',
      pattern: 'alert tcp any any',
      pattern_type: 'snort',
      valid_from: '2026-01-01T00:00:00Z',
    },
    { type: 'indicator', id: 'not-an-id', pattern: "[ipv4-addr:value = '1.2.3.4']" },
    {
      type: 'indicator',
      id: 'indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000005',
      pattern: "[domain-name:value = 'a.example']",
      valid_from: '2026-02-01T00:00:00Z',
      valid_until: '2026-01-01T00:00:00Z',
    },
    {
      type: 'indicator',
      id: 'indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000006',
      pattern: "[domain-name:value = 'a.example']",
      confidence: 'high',
    },
    'garbage',
  ],
};

describe('STIX bundle import', () => {
  it('reads indicators with their validity, confidence and labels, and reports each bad one', () => {
    const { indicators, errors } = parseStixBundle(STIX_BUNDLE);
    expect(indicators.map((i) => [i.externalId, i.type, i.value, i.plan.matchable])).toEqual([
      [ID1, 'ipv4', '198.51.100.7', true],
      [ID2, 'other', '[network-traffic:dst_port = 4444]', false],
      ['indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000004', 'other', 'alert tcp any any', false],
    ]);
    expect(indicators[0]).toMatchObject({
      name: 'C2 server',
      version: '2026-01-02T00:00:00.000Z',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2027-01-01T00:00:00.000Z',
      confidence: 90,
      labels: ['malicious-activity', 'apt'],
      revoked: false,
    });
    expect(indicators[1]?.plan).toMatchObject({
      reason: expect.stringMatching(/network-traffic:dst_port is not supported/),
    });
    expect(indicators[2]?.plan).toMatchObject({ reason: 'pattern_type "snort" is not STIX patterning' });
    expect(errors).toEqual([
      {
        item: 'objects[3] indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000003',
        error: expect.stringMatching(/^pattern: expected "\]" but found the end of the pattern/),
      },
      { item: 'objects[5] not-an-id', error: 'id is missing or not an indicator--<uuid>' },
      {
        item: 'objects[6] indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000005',
        error: 'valid_until is not after valid_from',
      },
      {
        item: 'objects[7] indicator--0b3a3a6e-1d8c-4f6b-9a0e-000000000006',
        error: 'confidence is not a whole number between 0 and 100',
      },
      { item: 'objects[8]', error: 'not a JSON object' },
    ]);
  });

  it('refuses what is not a bundle', () => {
    expect(parseStixBundle({ hello: 1 }).errors).toEqual([
      { item: 'file', error: 'not a STIX bundle (type "bundle" with objects)' },
    ]);
    expect(parseStixBundle({ type: 'bundle', objects: 5 }).errors[0]?.error).toBe('objects is not a list');
  });
});

const EVENT_UUID = '5f1e2d3c-4b5a-4968-8776-655443322110';
export function mispEvent(uuid = EVENT_UUID, timestamp = '1767225600') {
  return {
    Event: {
      uuid,
      info: 'Phishing campaign',
      threat_level_id: '1',
      timestamp,
      Tag: [{ name: 'tlp:green' }],
      Attribute: [
        {
          uuid: 'a0000000-0000-4000-8000-000000000001',
          type: 'ip-dst',
          value: '203.0.113.9',
          to_ids: true,
          timestamp,
        },
        {
          uuid: 'a0000000-0000-4000-8000-000000000002',
          type: 'domain|ip',
          value: 'phish.example|203.0.113.10',
          to_ids: true,
          timestamp,
        },
        {
          uuid: 'a0000000-0000-4000-8000-000000000003',
          type: 'comment',
          value: 'seen in mail',
          to_ids: false,
          timestamp,
        },
        {
          uuid: 'a0000000-0000-4000-8000-000000000004',
          type: 'ip-src',
          value: 'not-an-ip',
          to_ids: true,
          timestamp,
        },
        {
          uuid: 'a0000000-0000-4000-8000-000000000005',
          type: 'url',
          value: 'http://phish.example/login',
          to_ids: false,
          timestamp,
        },
        { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', to_ids: true },
        {
          uuid: 'a0000000-0000-4000-8000-000000000007',
          type: 'ip-dst|port',
          value: '2001:db8::5|443',
          to_ids: '1',
          deleted: true,
          timestamp,
        },
      ],
      Object: [
        {
          name: 'file',
          Attribute: [
            {
              uuid: 'a0000000-0000-4000-8000-000000000008',
              type: 'sha256',
              value: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
              to_ids: true,
              timestamp,
              Tag: [{ name: 'malware' }],
            },
          ],
        },
      ],
    },
  };
}

describe('MISP import', () => {
  it('reads event attributes and object attributes, with threat level, tags and to_ids', () => {
    const { indicators, errors } = parseMispEvent(mispEvent());
    expect(
      indicators.map((i) => [i.externalId.slice(-2), i.type, i.value, i.plan.matchable, i.revoked]),
    ).toEqual([
      ['01', 'ipv4', '203.0.113.9', true, false],
      ['02', 'mixed', 'phish.example', true, false],
      ['03', 'other', 'seen in mail', false, false],
      ['05', 'url', 'phish.example/login', false, false],
      ['07', 'ipv6', '2001:db8::5', true, true],
      ['08', 'sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', true, false],
    ]);
    expect(indicators[0]).toMatchObject({
      name: 'Phishing campaign',
      level: 'high',
      labels: ['tlp:green'],
      version: '2026-01-01T00:00:00.000Z',
      sourceTime: '2026-01-01T00:00:00.000Z',
    });
    expect(indicators[5]?.labels).toEqual(['tlp:green', 'malware']);
    expect(indicators[3]?.plan).toMatchObject({ reason: expect.stringMatching(/to_ids is off/) });
    expect(errors).toEqual([
      {
        item: `event ${EVENT_UUID} Attribute[3]`,
        error: 'ip-src "not-an-ip": "not-an-ip" is not an IPv4 or IPv6 address',
      },
      { item: `event ${EVENT_UUID} Attribute[5]`, error: 'uuid is missing or not a UUID' },
    ]);
    expect(parseMispEvent({ nope: 1 }).errors).toEqual([
      { item: 'file', error: 'not a MISP event (no "Event" object)' },
    ]);
  });

  it('lists a manifest newest first and reports bad keys', () => {
    const m = parseMispManifest({
      [EVENT_UUID]: { timestamp: '100' },
      '6f1e2d3c-4b5a-4968-8776-655443322110': { timestamp: '200' },
      bogus: {},
    });
    expect(m.uuids).toEqual(['6f1e2d3c-4b5a-4968-8776-655443322110', EVENT_UUID]);
    expect(m.errors).toEqual([{ item: 'manifest.json bogus', error: 'key is not an event UUID' }]);
  });

  it('reads MISP CSV exports and headerless value lists', () => {
    const csv = [
      'uuid,event_id,category,type,value,comment,to_ids,date',
      'b0000000-0000-4000-8000-000000000001,1,Network activity,ip-dst,192.0.2.1,c2,1,1767225600',
      'b0000000-0000-4000-8000-000000000002,1,Network activity,domain,bad.example,,0,1767225600',
      'b0000000-0000-4000-8000-000000000003,1,Network activity,ip-dst,999.1.1.1,,1,1767225600',
      ',1,Payload delivery,md5,D41D8CD98F00B204E9800998ECF8427E,,1,',
    ].join('\n');
    const a = parseCsvFeed(csv);
    expect(
      a.indicators.map((i) => [
        i.externalId.startsWith('csv:') ? 'csv:' : i.externalId.slice(0, 12),
        i.type,
        i.value,
        i.plan.matchable,
      ]),
    ).toEqual([
      ['b0000000-000', 'ipv4', '192.0.2.1', true],
      ['b0000000-000', 'domain', 'bad.example', false],
      ['csv:', 'md5', 'd41d8cd98f00b204e9800998ecf8427e', true],
    ]);
    expect(a.indicators[2]?.externalId).toMatch(/^csv:[0-9a-f]{40}$/);
    expect(a.indicators[0]).toMatchObject({ description: 'c2', sourceTime: '2026-01-01T00:00:00.000Z' });
    expect(a.errors).toEqual([
      { item: 'line 4', error: 'ip-dst "999.1.1.1": "999.1.1.1" is not an IPv4 or IPv6 address' },
    ]);

    const b = parseCsvFeed(
      '\uFEFF# blocklist\n10.0.0.0/8\nevil.example\nhttps://x.example/a\n10.0.0.0/8\n???\n2001:db8::/32\n',
    );
    expect(b.indicators.map((i) => [i.type, i.value])).toEqual([
      ['ipv4', '10.0.0.0/8'],
      ['domain', 'evil.example'],
      ['url', 'x.example/a'],
      ['ipv6', '2001:db8::/32'],
    ]);
    expect(b.errors).toEqual([
      { item: 'line 5', error: '"???" is not an IP address, network, domain, URL or hash' },
    ]);
    // The same value gives the same id on every import (idempotent re-import of id-less lists).
    expect(parseCsvFeed('10.0.0.0/8').indicators[0]?.externalId).toBe(b.indicators[0]?.externalId);
  });
});

describe('ZIP reader', () => {
  it('reads stored and deflated files and refuses bombs and damage', async () => {
    const zip = new JSZip();
    zip.file('feed/manifest.json', '{"a":1}');
    zip.file('feed/big.json', 'x'.repeat(100_000), { compression: 'DEFLATE' });
    zip.folder('empty');
    const buf = await zip.generateAsync({ type: 'nodebuffer' });
    const entries = readZip(buf, 1_000_000);
    expect(entries.map((e) => [e.name, e.data.length])).toEqual([
      ['feed/manifest.json', 7],
      ['feed/big.json', 100_000],
    ]);
    expect(() => readZip(buf, 50_000)).toThrow(/expands to more than 50000 bytes/);
    expect(() => readZip(Buffer.from('not a zip at all, just text'), 1000)).toThrow(ZipError);
    const damaged = Buffer.from(buf);
    damaged.fill(0, 0, 40);
    expect(() => readZip(damaged, 1_000_000)).toThrow(/local header is damaged/);
  });
});
