import { describe, expect, it } from 'vitest';
import { base64Offsets, encodeText } from './sigma-pattern.ts';
import { matches, rejection } from './sigma-test-helpers.ts';

describe('plain values, lists and maps', () => {
  it('matches a whole value case-insensitively by default', () => {
    expect(
      matches('sel:\n  Image: C:\\Windows\\cmd.exe\ncondition: sel', { Image: 'c:\\windows\\CMD.EXE' }),
    ).toBe(true);
    expect(matches('sel:\n  Image: cmd.exe\ncondition: sel', { Image: 'c:\\windows\\cmd.exe' })).toBe(false);
  });
  it('ORs the values of a list and ANDs the keys of a map', () => {
    const rule = 'sel:\n  A: [x, y]\n  B: z\ncondition: sel';
    expect(matches(rule, { A: 'y', B: 'z' })).toBe(true);
    expect(matches(rule, { A: 'y', B: 'w' })).toBe(false);
    expect(matches(rule, { A: 'q', B: 'z' })).toBe(false);
  });
  it('ORs a list of maps', () => {
    const rule = 'sel:\n  - A: x\n  - B: y\ncondition: sel';
    expect(matches(rule, { B: 'y' })).toBe(true);
    expect(matches(rule, { A: 'y' })).toBe(false);
  });
  it('compares numbers with numbers and numeric strings', () => {
    expect(matches('sel:\n  EventID: 4688\ncondition: sel', { EventID: 4688 })).toBe(true);
    expect(matches('sel:\n  EventID: 4688\ncondition: sel', { EventID: '4688' })).toBe(true);
    expect(matches('sel:\n  EventID: 4688\ncondition: sel', { EventID: 46880 })).toBe(false);
  });
  it('matches any element of an array field', () => {
    expect(matches('sel:\n  tags|contains: evil\ncondition: sel', { tags: ['ok', 'very-evil'] })).toBe(true);
  });
  it('reads nested fields and flat dotted keys alike', () => {
    const rule = 'sel:\n  url.path: /admin\ncondition: sel';
    expect(matches(rule, { url: { path: '/admin' } })).toBe(true);
    expect(matches(rule, { 'url.path': '/admin' })).toBe(true);
    expect(matches(rule, { url: { path: '/other' } })).toBe(false);
  });
  it('searches keywords (a plain list) inside every value', () => {
    const rule = 'keywords:\n  - mimikatz\n  - sekurlsa\ncondition: keywords';
    expect(matches(rule, { msg: 'running MIMIKATZ now', other: 1 })).toBe(true);
    expect(matches(rule, { nested: { deep: ['x', 'sekurlsa::logonpasswords'] } })).toBe(true);
    expect(matches(rule, { msg: 'benign' })).toBe(false);
  });
  it('goes through field mappings, first present path wins', () => {
    const options = { fieldMappings: { 'cs-uri-query': ['cs-uri-query', 'url.query'] } };
    const rule = 'sel:\n  cs-uri-query|contains: union\ncondition: sel';
    expect(matches(rule, { url: { query: 'id=1 UNION select' } }, options)).toBe(true);
    expect(matches(rule, { 'cs-uri-query': 'union' }, options)).toBe(true);
    expect(matches(rule, { url: { query: 'id=1' } }, options)).toBe(false);
  });
});

describe('wildcards and escaping', () => {
  it('* matches any run and ? one character', () => {
    expect(matches("sel:\n  F: 'a*c'\ncondition: sel", { F: 'abbbc' })).toBe(true);
    expect(matches("sel:\n  F: 'a*c'\ncondition: sel", { F: 'ac' })).toBe(true);
    expect(matches("sel:\n  F: 'a?c'\ncondition: sel", { F: 'abc' })).toBe(true);
    expect(matches("sel:\n  F: 'a?c'\ncondition: sel", { F: 'ac' })).toBe(false);
    expect(matches("sel:\n  F: 'a*b?d'\ncondition: sel", { F: 'axxbcd' })).toBe(true);
  });
  it('\\* and \\? are literal characters', () => {
    expect(matches("sel:\n  F: 'a\\*c'\ncondition: sel", { F: 'a*c' })).toBe(true);
    expect(matches("sel:\n  F: 'a\\*c'\ncondition: sel", { F: 'abc' })).toBe(false);
    expect(matches("sel:\n  F: 'a\\?'\ncondition: sel", { F: 'a?' })).toBe(true);
    expect(matches("sel:\n  F: 'a\\?'\ncondition: sel", { F: 'ab' })).toBe(false);
  });
  it('\\\\ is one backslash and a lone backslash stays a backslash', () => {
    expect(matches("sel:\n  F: 'C:\\\\Windows'\ncondition: sel", { F: 'C:\\Windows' })).toBe(true);
    expect(matches("sel:\n  F: 'C:\\Windows'\ncondition: sel", { F: 'C:\\Windows' })).toBe(true);
    // \\* is an escaped backslash followed by a wildcard
    expect(matches("sel:\n  F: 'a\\\\*'\ncondition: sel", { F: 'a\\anything' })).toBe(true);
  });
  it('a wildcard needs the field to exist', () => {
    expect(matches("sel:\n  F: '*'\ncondition: sel", { G: 'x' })).toBe(false);
    expect(matches("sel:\n  F: '*'\ncondition: sel", { F: '' })).toBe(true);
  });
});

describe('value modifiers', () => {
  it('contains, startswith, endswith', () => {
    expect(matches('sel:\n  F|contains: lsass\ncondition: sel', { F: 'dump LSASS.exe' })).toBe(true);
    expect(matches('sel:\n  F|startswith: pow\ncondition: sel', { F: 'PowerShell' })).toBe(true);
    expect(matches('sel:\n  F|startswith: shell\ncondition: sel', { F: 'PowerShell' })).toBe(false);
    expect(matches('sel:\n  F|endswith: .exe\ncondition: sel', { F: 'a.EXE' })).toBe(true);
    expect(matches('sel:\n  F|endswith: .exe\ncondition: sel', { F: 'a.exe.txt' })).toBe(false);
  });
  it('all ANDs the values', () => {
    const rule = 'sel:\n  F|contains|all: [-enc, hidden]\ncondition: sel';
    expect(matches(rule, { F: 'powershell -w hidden -enc AAA' })).toBe(true);
    expect(matches(rule, { F: 'powershell -enc AAA' })).toBe(false);
  });
  it('long lists behave like short ones (Set and one-pass scans)', () => {
    const many = Array.from({ length: 50 }, (_, i) => `tool${i}x`);
    const list = `[${many.join(', ')}]`;
    expect(matches(`sel:\n  F|contains: ${list}\ncondition: sel`, { F: 'run TOOL42X now' })).toBe(true);
    expect(matches(`sel:\n  F|contains: ${list}\ncondition: sel`, { F: 'run tool4 now' })).toBe(false);
    expect(matches(`sel:\n  F|endswith: ${list}\ncondition: sel`, { F: 'c:\\tool7x' })).toBe(true);
    expect(matches(`sel:\n  F|startswith: ${list}\ncondition: sel`, { F: 'tool49x.exe' })).toBe(true);
    expect(matches(`sel:\n  F: ${list}\ncondition: sel`, { F: 'tool3x' })).toBe(true);
    expect(matches(`sel:\n  F: ${list}\ncondition: sel`, { F: 'tool3xy' })).toBe(false);
    const emoji = `[${Array.from({ length: 20 }, (_, i) => `'${String.fromCodePoint(0x1f600 + i)}'`).join(', ')}]`;
    expect(
      matches(`sel:\n  F|contains: ${emoji}\ncondition: sel`, { F: `cmd ${String.fromCodePoint(0x1f605)}` }),
    ).toBe(true);
    expect(
      matches(`sel:\n  F|contains: ${emoji}\ncondition: sel`, { F: `cmd ${String.fromCodePoint(0x1f640)}` }),
    ).toBe(false);
  });
  it('re is case-sensitive unless i; m and s change anchors and dots', () => {
    expect(matches("sel:\n  F|re: '^ab+c$'\ncondition: sel", { F: 'abbbc' })).toBe(true);
    expect(matches("sel:\n  F|re: '^ab+c$'\ncondition: sel", { F: 'ABBC' })).toBe(false);
    expect(matches("sel:\n  F|re|i: '^ab+c$'\ncondition: sel", { F: 'ABBC' })).toBe(true);
    expect(matches("sel:\n  F|re: '^b$'\ncondition: sel", { F: 'a\nb' })).toBe(false);
    expect(matches("sel:\n  F|re|m: '^b$'\ncondition: sel", { F: 'a\nb' })).toBe(true);
    expect(matches("sel:\n  F|re: 'a.b'\ncondition: sel", { F: 'a\nb' })).toBe(false);
    expect(matches("sel:\n  F|re|s: 'a.b'\ncondition: sel", { F: 'a\nb' })).toBe(true);
    expect(matches("sel:\n  F|re: '(?i)^ABC'\ncondition: sel", { F: 'abcd' })).toBe(true);
    expect(matches("sel:\n  F|re: '(?P<x>a)(?P=x)'\ncondition: sel", { F: 'aa' })).toBe(true);
  });
  it('re rejects what JavaScript cannot run, with the reason', () => {
    expect(rejection("sel:\n  F|re: 'a++'\ncondition: sel")).toMatch(/possessive/);
    expect(rejection("sel:\n  F|re: '(unclosed'\ncondition: sel")).toMatch(/does not compile/);
  });
  it('cidr matches IPv4 and IPv6 networks (and IPv4-mapped addresses)', () => {
    const rule = "sel:\n  ip|cidr: ['10.0.0.0/8', '192.168.1.0/24', 'fd00::/8']\ncondition: sel";
    expect(matches(rule, { ip: '10.200.3.4' })).toBe(true);
    expect(matches(rule, { ip: '192.168.1.255' })).toBe(true);
    expect(matches(rule, { ip: '192.168.2.1' })).toBe(false);
    expect(matches(rule, { ip: 'fd12:3456::1' })).toBe(true);
    expect(matches(rule, { ip: 'fe80::1' })).toBe(false);
    expect(matches(rule, { ip: '::ffff:10.1.2.3' })).toBe(true);
    expect(matches(rule, { ip: 'not an ip' })).toBe(false);
    expect(matches("sel:\n  ip|cidr: '2001:db8::/32'\ncondition: sel", { ip: '2001:db8:ffff::1' })).toBe(
      true,
    );
    expect(matches("sel:\n  ip|cidr: '0.0.0.0/0'\ncondition: sel", { ip: '8.8.8.8' })).toBe(true);
    expect(rejection("sel:\n  ip|cidr: '10.0.0.0/33'\ncondition: sel")).toMatch(/prefix/);
  });
  it('cidr reads IPv6 and IPv4-mapped addresses in any spelling, in rules and in events', () => {
    const v6 = "sel:\n  ip|cidr: '2001:DB8:0:0::/32'\ncondition: sel";
    expect(matches(v6, { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' })).toBe(true);
    expect(matches(v6, { ip: '2001:DB8::ABCD' })).toBe(true);
    expect(matches(v6, { ip: '2001:db8::1%eth0' })).toBe(true);
    expect(matches(v6, { ip: '2001:db9::1' })).toBe(false);
    const v4 = "sel:\n  ip|cidr: '10.0.0.0/8'\ncondition: sel";
    for (const mapped of ['::ffff:10.1.2.3', '::FFFF:10.1.2.3', '::ffff:a01:203', '0:0:0:0:0:ffff:10.1.2.3'])
      expect(matches(v4, { ip: mapped }), mapped).toBe(true);
    expect(matches(v4, { ip: '::10.1.2.3' })).toBe(false); // IPv4-compatible, an IPv6 address
    expect(matches(v4, { ip: '64:ff9b::10.1.2.3' })).toBe(false); // NAT64, an IPv6 address
    // A mapped network in a rule is the IPv4 network; host bits below the prefix are cleared.
    expect(matches("sel:\n  ip|cidr: '::ffff:10.0.0.0/104'\ncondition: sel", { ip: '10.9.9.9' })).toBe(true);
    expect(matches("sel:\n  ip|cidr: '192.168.1.77/24'\ncondition: sel", { ip: '192.168.1.1' })).toBe(true);
    expect(matches("sel:\n  ip|cidr: 'fd00::/8'\ncondition: sel", { ip: '::ffff:10.1.2.3' })).toBe(false);
  });
  it('base64 matches the encoded value, case-sensitively', () => {
    const encoded = Buffer.from('http://evil').toString('base64');
    expect(matches('sel:\n  F|base64: http://evil\ncondition: sel', { F: encoded })).toBe(true);
    expect(matches('sel:\n  F|base64|contains: http://evil\ncondition: sel', { F: `x ${encoded} y` })).toBe(
      true,
    );
    expect(matches('sel:\n  F|base64: http://evil\ncondition: sel', { F: encoded.toLowerCase() })).toBe(
      false,
    );
  });
  it('base64offset finds the value at any byte offset inside encoded text', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
      const encoded = Buffer.from(`${prefix}Invoke-Mimikatz and more`).toString('base64');
      expect(
        matches('sel:\n  F|base64offset|contains: Invoke-Mimikatz\ncondition: sel', { F: encoded }),
      ).toBe(true);
    }
    expect(base64Offsets(Buffer.from('/bin/bash'))).toEqual(['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']);
    expect(rejection('sel:\n  F|base64offset: x\ncondition: sel')).toMatch(/contains/);
  });
  it('utf16le, utf16be, utf16 and wide encode before base64', () => {
    const le = Buffer.from('  Invoke-Expression', 'utf16le').toString('base64');
    expect(
      matches('sel:\n  F|wide|base64offset|contains: Invoke-Expression\ncondition: sel', { F: le }),
    ).toBe(true);
    expect(
      matches('sel:\n  F|utf16le|base64offset|contains: Invoke-Expression\ncondition: sel', { F: le }),
    ).toBe(true);
    const be = encodeText('cmd', 'utf16be').toString('base64');
    expect(matches('sel:\n  F|utf16be|base64: cmd\ncondition: sel', { F: be })).toBe(true);
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('cmd', 'utf16le')]).toString('base64');
    expect(matches('sel:\n  F|utf16|base64: cmd\ncondition: sel', { F: bom })).toBe(true);
    expect(rejection('sel:\n  F|wide: x\ncondition: sel')).toMatch(/base64/);
  });
  it('windash accepts - / and the Unicode dashes for option characters', () => {
    const rule = "sel:\n  F|windash|contains: ' -exec bypass'\ncondition: sel";
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015'])
      expect(matches(rule, { F: `powershell ${dash}exec bypass` })).toBe(true);
    expect(matches(rule, { F: 'powershell +exec bypass' })).toBe(false);
    // a dash inside a word is not an option character
    expect(matches("sel:\n  F|windash: 'a-b'\ncondition: sel", { F: 'a/b' })).toBe(false);
  });
  it('exists checks presence, and null matches absent or null fields', () => {
    expect(matches('sel:\n  F|exists: true\ncondition: sel', { F: '' })).toBe(true);
    expect(matches('sel:\n  F|exists: true\ncondition: sel', { G: 'x' })).toBe(false);
    expect(matches('sel:\n  F|exists: false\ncondition: sel', { G: 'x' })).toBe(true);
    expect(matches('sel:\n  F: null\ncondition: sel', { G: 'x' })).toBe(true);
    expect(matches('sel:\n  F: null\ncondition: sel', { F: null })).toBe(true);
    expect(matches('sel:\n  F: null\ncondition: sel', { F: 'x' })).toBe(false);
    expect(matches("sel:\n  F: ''\ncondition: sel", { F: '' })).toBe(true);
    expect(matches("sel:\n  F: ''\ncondition: sel", { G: 'x' })).toBe(false);
    expect(matches('sel:\n  F: [null, x]\ncondition: sel', { F: 'x' })).toBe(true);
    expect(rejection('sel:\n  F|exists: yes please\ncondition: sel')).toMatch(/true or false/);
  });
  it('fieldref compares with another field of the same event', () => {
    expect(matches('sel:\n  A|fieldref: B\ncondition: sel', { A: 'Admin', B: 'admin' })).toBe(true);
    expect(matches('sel:\n  A|fieldref: B\ncondition: sel', { A: 'x', B: 'y' })).toBe(false);
    expect(matches('sel:\n  A|fieldref|startswith: B\ncondition: sel', { A: 'admin-2', B: 'admin' })).toBe(
      true,
    );
    expect(matches('sel:\n  A|fieldref|contains: B\ncondition: sel', { A: 'xadminx', B: 'admin' })).toBe(
      true,
    );
    expect(matches('sel:\n  A|fieldref|endswith: B\ncondition: sel', { A: 'xadmin', B: 'admin' })).toBe(true);
    expect(matches('sel:\n  A|fieldref: B\ncondition: sel', { A: 'x' })).toBe(false);
  });
  it('gt, gte, lt and lte compare numbers', () => {
    expect(matches('sel:\n  n|gt: 10\ncondition: sel', { n: 11 })).toBe(true);
    expect(matches('sel:\n  n|gt: 10\ncondition: sel', { n: 10 })).toBe(false);
    expect(matches('sel:\n  n|gte: 10\ncondition: sel', { n: '10' })).toBe(true);
    expect(matches('sel:\n  n|lt: 10\ncondition: sel', { n: 9.5 })).toBe(true);
    expect(matches('sel:\n  n|lte: 10\ncondition: sel', { n: 11 })).toBe(false);
    expect(matches('sel:\n  n|lt: 10\ncondition: sel', { n: 'abc' })).toBe(false);
    expect(rejection('sel:\n  n|gt: ten\ncondition: sel')).toMatch(/number/);
  });
  it('cased makes a match case-sensitive', () => {
    expect(matches('sel:\n  F|cased: Admin\ncondition: sel', { F: 'Admin' })).toBe(true);
    expect(matches('sel:\n  F|cased: Admin\ncondition: sel', { F: 'admin' })).toBe(false);
    expect(matches('sel:\n  F|contains|cased: Evil\ncondition: sel', { F: 'so Evil' })).toBe(true);
    expect(matches('sel:\n  F|contains|cased: Evil\ncondition: sel', { F: 'so evil' })).toBe(false);
  });
  it('expand replaces placeholders with configured values (any of them)', () => {
    const options = { placeholders: { admins: ['root', 'administrator'], domain: 'gov.cn' } };
    expect(matches("sel:\n  user|expand: '%admins%'\ncondition: sel", { user: 'ROOT' }, options)).toBe(true);
    expect(matches("sel:\n  user|expand: '%admins%'\ncondition: sel", { user: 'guest' }, options)).toBe(
      false,
    );
    expect(
      matches("sel:\n  h|expand|endswith: '.%domain%'\ncondition: sel", { h: 'www.gov.cn' }, options),
    ).toBe(true);
    expect(rejection("sel:\n  user|expand: '%nobody%'\ncondition: sel")).toMatch(/%nobody%.*configuration/);
  });
  it('reports unknown and conflicting modifiers', () => {
    expect(rejection('sel:\n  F|sideways: x\ncondition: sel')).toMatch(/unknown value modifier "sideways"/);
    expect(rejection('sel:\n  F|contains|endswith: x\ncondition: sel')).toMatch(/together/);
    expect(rejection('sel:\n  F|cidr|contains: 10.0.0.0/8\ncondition: sel')).toMatch(/cannot be combined/);
  });
});
