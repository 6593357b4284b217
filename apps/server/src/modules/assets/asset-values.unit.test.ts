import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapColumns, parseBoolCell, parseKindCell } from './asset-sheet.ts';
import {
  checkAssetFields,
  normalizeDomain,
  normalizeIp,
  normalizeUrl,
  parseMlpsCell,
  splitList,
} from './asset-values.ts';

describe('asset field checks', () => {
  it('accepts hostnames including IDN, lower-cased, and refuses IPs, single labels and junk', () => {
    expect(normalizeDomain('WWW.Example.GOV.CN.')).toBe('www.example.gov.cn');
    expect(normalizeDomain('政府.中国')).toBe('政府.中国');
    expect(normalizeDomain(domainToASCII('政府.中国'))).toBe('政府.中国');
    for (const bad of [
      'localhost',
      '1.2.3.4',
      'a..b.cn',
      '-a.cn',
      'a-.cn',
      'http://a.cn',
      'a b.cn',
      'a_b.cn',
      '',
    ]) {
      expect(normalizeDomain(bad), bad).toBeNull();
    }
  });

  it('accepts only absolute http(s) URLs with a host', () => {
    expect(normalizeUrl(' https://a.example.cn/x?y=1 ')).toBe('https://a.example.cn/x?y=1');
    expect(normalizeUrl('http://政府.中国/')).toBe('http://政府.中国/');
    for (const bad of [
      'ftp://a.cn',
      'a.example.cn',
      'https://',
      'http:a.cn',
      'javascript:alert(1)',
      'https://a.cn/x y',
    ]) {
      expect(normalizeUrl(bad), bad).toBeNull();
    }
  });

  it('accepts IPv4/IPv6 addresses and CIDR ranges with valid prefixes', () => {
    expect(normalizeIp('203.0.113.9')).toBe('203.0.113.9');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(normalizeIp('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(normalizeIp('2001:db8::/128')).toBe('2001:db8::/128');
    for (const bad of [
      '256.1.1.1',
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0/',
      '10.0.0.0/x',
      'fe80::1%eth0',
      'a.cn',
    ]) {
      expect(normalizeIp(bad), bad).toBeNull();
    }
  });

  it('derives the CII flag from the kind and refuses a contradicting one', () => {
    const base = { name: 'x', domains: [], urls: [], ips: [], mlpsLevel: null };
    expect(checkAssetFields({ ...base, kind: 'cii' }).fields.isCii).toBe(true);
    expect(checkAssetFields({ ...base, kind: 'website' }).fields.isCii).toBe(false);
    expect(checkAssetFields({ ...base, kind: 'website', isCii: true }).fields.isCii).toBe(true);
    expect(checkAssetFields({ ...base, kind: 'cii', isCii: false }).problems).toEqual([
      { field: 'isCii', key: 'cii_conflict' },
    ]);
    expect(checkAssetFields({ ...base, kind: 'system', mlpsLevel: 0 }).problems).toEqual([
      { field: 'mlpsLevel', key: 'mlps_invalid' },
    ]);
  });
});

describe('spreadsheet cells and headers', () => {
  it('splits lists on ; , newlines and their full-width forms', () => {
    expect(splitList('a.cn; b.cn,c.cn\nd.cn；e.cn，f.cn、g.cn ;; ')).toEqual([
      'a.cn',
      'b.cn',
      'c.cn',
      'd.cn',
      'e.cn',
      'f.cn',
      'g.cn',
    ]);
  });

  it('reads kinds, yes/no and MLPS levels in Chinese or English', () => {
    expect(parseKindCell('网站')).toBe('website');
    expect(parseKindCell('信息系统')).toBe('system');
    expect(parseKindCell('关键信息基础设施')).toBe('cii');
    expect(parseKindCell('Website')).toBe('website');
    expect(parseKindCell('boat')).toBeNull();
    expect(parseBoolCell('是')).toBe(true);
    expect(parseBoolCell('FALSE')).toBe(false);
    expect(parseBoolCell('')).toBeNull();
    expect(parseBoolCell('maybe')).toBe('invalid');
    expect(parseMlpsCell('3')).toBe(3);
    expect(parseMlpsCell('第三级')).toBe(3);
    expect(parseMlpsCell('等保二级')).toBe(2);
    expect(parseMlpsCell('')).toBeNull();
    expect(parseMlpsCell('6')).toBe('invalid');
  });

  it('maps Chinese and English headers, tolerating marks and notes, and names missing required columns', () => {
    const { index, missing } = mapColumns([
      '名称*',
      'Kind',
      '等保级别（1-5）',
      'IP',
      'Contact Name',
      'ignored',
    ]);
    expect(index).toEqual({ name: 0, kind: 1, mlpsLevel: 2, ips: 3, contactName: 4 });
    expect(missing).toEqual(['unit']);
    expect(mapColumns(['name', 'type', '责任单位']).missing).toEqual([]);
  });
});
