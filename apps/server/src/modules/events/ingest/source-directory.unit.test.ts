import { describe, expect, it } from 'vitest';
import type { SourceWithUnit } from '../sources/sources.repository.ts';
import { createSourceDirectory } from './source-directory.ts';

const source = (over: Partial<SourceWithUnit>): SourceWithUnit => ({
  id: 1,
  name: 'fw',
  kind: 'syslog',
  unitId: 1,
  unitName: 'u',
  regionPath: '/1/',
  assetId: null,
  assetName: null,
  transport: 'syslog_udp',
  allowedSenders: [],
  timezone: 'Asia/Shanghai',
  filePath: null,
  tokenId: null,
  tokenPrefix: null,
  enabled: true,
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('source directory', () => {
  it('routes a sender to the enabled source of its transport whose networks contain it', async () => {
    let rows = [
      source({ id: 1, allowedSenders: ['10.1.0.0/16'] }),
      source({ id: 2, allowedSenders: ['10.1.2.3'], transport: 'syslog_tcp' }),
      source({ id: 3, allowedSenders: ['fd00::/8'] }),
      source({ id: 4, allowedSenders: ['192.0.2.0/24'], enabled: false }),
      source({ id: 5, allowedSenders: ['not a network'] }),
    ];
    const dir = createSourceDirectory(async () => rows);
    await dir.refresh();
    expect(dir.forSender('10.1.2.3', 'syslog_udp')?.id).toBe(1);
    expect(dir.forSender('::ffff:10.1.9.9', 'syslog_udp')?.id).toBe(1);
    expect(dir.forSender('10.1.2.3', 'syslog_tcp')?.id).toBe(2);
    expect(dir.forSender('10.2.0.1', 'syslog_udp')).toBeUndefined();
    expect(dir.forSender('fd12::1', 'syslog_udp')?.id).toBe(3);
    expect(dir.forSender('192.0.2.9', 'syslog_udp')).toBeUndefined();
    expect(dir.byId(5)?.accepts('10.1.2.3')).toBe(false);
    // A refresh drops cached answers: a newly disabled source stops receiving.
    rows = rows.map((r) => (r.id === 1 ? { ...r, enabled: false } : r));
    await dir.refresh();
    expect(dir.forSender('10.1.2.3', 'syslog_udp')).toBeUndefined();
  });
});
