import { describe, expect, it } from 'vitest';
import {
  formatNetwork,
  ipv6ToBigint,
  networkHolds,
  type ParsedAddress,
  parseAddress,
  parseNetwork,
} from './ip-address.ts';

// The one IP parser of event data (Sigma cidr, source senders, indicators): IPv6 spellings and the
// IPv4-mapped forms, which must all land on the same value.

const v4 = (text: string) => {
  const a = parseAddress(text);
  return a && !a.v6 ? a.value : null;
};
const holds = (network: string, address: string, hostBits: 'refuse' | 'clear' = 'refuse') => {
  const n = parseNetwork(network, { hostBits });
  const a = parseAddress(address);
  if (!n.ok) throw new Error(n.error);
  return a !== null && networkHolds(n.network, a);
};

describe('IP addresses', () => {
  it('reads every spelling of one IPv6 address as one value', () => {
    const value = 0x20010db8000000000000000000000001n;
    for (const text of [
      '2001:db8::1',
      '2001:DB8::1',
      '2001:0db8:0000:0000:0000:0000:0000:0001',
      '2001:db8:0:0:0:0:0:1',
      '2001:db8::0:1',
      '2001:db8::1%eth0', // a zone id names the interface, not the address
    ]) {
      expect(parseAddress(text), text).toEqual({ v6: true, value });
    }
    expect(parseAddress('::')).toEqual({ v6: true, value: 0n });
    expect(parseAddress('::1')).toEqual({ v6: true, value: 1n });
    expect(ipv6ToBigint('fe80::1:2')).toBe(0xfe800000000000000000000000010002n);
  });

  it('reads IPv4-mapped IPv6 in any spelling as the IPv4 address', () => {
    expect(v4('10.1.2.3')).toBe(0x0a010203);
    const expected: ParsedAddress = { v6: false, value: 0x0a010203 };
    for (const text of [
      '::ffff:10.1.2.3',
      '::FFFF:10.1.2.3',
      '::ffff:a01:203', // the same address written in hex
      '0:0:0:0:0:ffff:10.1.2.3',
      '0000:0000:0000:0000:0000:ffff:0a01:0203',
      '::ffff:10.1.2.3%1',
    ]) {
      expect(parseAddress(text), text).toEqual(expected);
    }
  });

  it('keeps IPv6 with an embedded IPv4 tail that is not the mapped prefix as IPv6', () => {
    // IPv4-compatible (deprecated) and NAT64 addresses are IPv6 addresses, not their IPv4 tail.
    expect(parseAddress('::10.1.2.3')).toEqual({ v6: true, value: 0x0a010203n });
    expect(parseAddress('64:ff9b::10.1.2.3')).toEqual({
      v6: true,
      value: 0x0064ff9b00000000000000000a010203n,
    });
    expect(parseAddress('::fffe:10.1.2.3')?.v6).toBe(true);
  });

  it('refuses what is not an address', () => {
    for (const text of [
      '',
      '10.0.0',
      '10.0.0.256',
      '010.0.0.1',
      '10.0.0.1.',
      '1.2.3.4.5',
      '2001:db8:::1',
      '2001:db8::1::2',
      '1:2:3:4:5:6:7:8:9',
      '12345::1',
      'g::1',
      '::ffff:10.0.0.256',
      'localhost',
    ]) {
      expect(parseAddress(text), text).toBeNull();
    }
  });
});

describe('IP networks', () => {
  it('holds IPv6 addresses in IPv6 networks, whatever their spelling', () => {
    expect(holds('2001:db8::/32', '2001:DB8:FFFF::1')).toBe(true);
    expect(holds('2001:0db8:0000::/32', '2001:db8:ffff::1')).toBe(true);
    expect(holds('2001:db8::/32', '2001:db9::1')).toBe(false);
    expect(holds('fe80::/10', 'fe80::1%eth0')).toBe(true);
    expect(holds('::/0', '2001:db8::1')).toBe(true);
    expect(holds('::/0', '10.0.0.1')).toBe(false); // an IPv6 network never holds an IPv4 address
    expect(holds('2001:db8::1', '2001:db8::1')).toBe(true); // a bare address is /128
    expect(holds('2001:db8::1', '2001:db8::2')).toBe(false);
  });

  it('holds IPv4-mapped addresses in IPv4 networks, and reads mapped networks as IPv4', () => {
    expect(holds('10.0.0.0/8', '::ffff:10.200.3.4')).toBe(true);
    expect(holds('10.0.0.0/8', '::ffff:ac8:304')).toBe(true);
    expect(holds('10.0.0.0/8', '::ffff:11.0.0.1')).toBe(false);
    expect(holds('::ffff:10.0.0.0/104', '10.9.9.9')).toBe(true);
    expect(holds('::ffff:10.0.0.0/104', '11.0.0.1')).toBe(false);
    const mapped = parseNetwork('::ffff:10.0.0.0/104');
    expect(mapped.ok && formatNetwork(mapped.network)).toBe('10.0.0.0/8');
    expect(parseNetwork('::ffff:10.0.0.0/95')).toMatchObject({ ok: false }); // wider than the mapped range
    expect(holds('0.0.0.0/0', '::ffff:8.8.8.8')).toBe(true);
    expect(holds('0.0.0.0/0', '2001:db8::1')).toBe(false);
  });

  it('refuses host bits below the prefix, or clears them when asked', () => {
    expect(parseNetwork('10.0.0.1/8')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/host bits/),
    });
    expect(parseNetwork('2001:db8::1/32')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/host bits/),
    });
    const v4 = parseNetwork('10.0.0.1/8', { hostBits: 'clear' });
    expect(v4.ok && formatNetwork(v4.network)).toBe('10.0.0.0/8');
    const v6 = parseNetwork('2001:db8::1/32', { hostBits: 'clear' });
    expect(v6.ok && formatNetwork(v6.network)).toBe('2001:db8::/32');
    expect(holds('192.168.1.77/24', '192.168.1.1', 'clear')).toBe(true);
  });

  it('refuses bad prefixes and bad addresses with the reason', () => {
    expect(parseNetwork('10.0.0.0/33')).toMatchObject({ ok: false, error: expect.stringMatching(/prefix/) });
    expect(parseNetwork('2001:db8::/129')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/prefix/),
    });
    expect(parseNetwork('10.0.0.0/')).toMatchObject({ ok: false });
    expect(parseNetwork('10.0.0.0/-1')).toMatchObject({ ok: false });
    expect(parseNetwork('10.0.0.0/8/8')).toMatchObject({ ok: false });
    expect(parseNetwork('example.org/24')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not an IPv4 or IPv6/),
    });
  });

  it('writes networks canonically (RFC 5952 for IPv6)', () => {
    const canon = (text: string) => {
      const n = parseNetwork(text);
      return n.ok ? formatNetwork(n.network) : n.error;
    };
    expect(canon('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canon('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canon('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(canon(' 10.0.0.0/8 ')).toBe('10.0.0.0/8');
  });
});
