import { describe, expect, it } from 'vitest';
import { createAddressPolicy, formatAddress, parseAddress, parseCidr, parseCidrList } from './ip-policy.ts';

describe('address policy (SSRF guard)', () => {
  const deny = createAddressPolicy();

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['192.0.2.10', 'documentation'],
    ['::1', 'not global unicast'],
    ['::', 'not global unicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['fd00::1', 'not global unicast'],
    ['fe80::1%eth0', 'not global unicast'],
    ['ff02::1', 'not global unicast'],
    ['64:ff9b::a00:1', 'not global unicast'],
    ['2001:db8::1', 'documentation'],
    ['2002:7f00:1::1', '6to4'],
  ])('refuses %s by default (%s)', (address, reason) => {
    const verdict = deny(address);
    expect(verdict.allowed).toBe(false);
    expect(verdict.reason).toContain(reason);
  });

  it.each(['1.1.1.1', '114.114.114.114', '172.32.0.1', '2400:3200::1', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(deny(address).allowed).toBe(true);
    },
  );

  it('allows configured networks, including through their IPv4-mapped form', () => {
    const policy = createAddressPolicy(['127.0.0.0/8', '10.20.0.0/16', 'fd12:3456::/32']);
    expect(policy('127.9.9.9').allowed).toBe(true);
    expect(policy('::ffff:127.0.0.1')).toEqual({ allowed: true, address: '127.0.0.1' });
    expect(policy('10.20.5.5').allowed).toBe(true);
    expect(policy('10.21.0.1').allowed).toBe(false);
    expect(policy('fd12:3456:1::1').allowed).toBe(true);
    expect(policy('fd12:3457::1').allowed).toBe(false);
    expect(policy('192.168.0.1').allowed).toBe(false);
  });

  it('refuses what is not an address', () => {
    expect(deny('example.com').allowed).toBe(false);
  });
});

describe('CIDR parsing', () => {
  it('parses IPv4, IPv6 and bare addresses, and reports each bad entry', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ prefix: 104 });
    expect(parseCidr('fd00::/8')).toMatchObject({ prefix: 8 });
    expect(parseCidr('192.168.1.5')).toMatchObject({ prefix: 128 });
    const { cidrs, errors } = parseCidrList('10.0.0.0/8, 300.1.1.1/8 fd00::/129,  ,10.0.0.0/x');
    expect(cidrs).toHaveLength(1);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain('300.1.1.1/8');
  });

  it('round-trips addresses', () => {
    for (const a of ['127.0.0.1', '::1', 'fe80::1', '2400:3200::1', '1:2:3:4:5:6:7:8']) {
      const bytes = parseAddress(a);
      expect(bytes && formatAddress(bytes)).toBe(a);
    }
    expect(parseAddress('1:2:3:4:5:6:1.2.3.4')).toEqual(parseAddress('1:2:3:4:5:6:102:304'));
    expect(parseAddress('1::2::3')).toBeNull();
    expect(parseAddress('[::1]')).toEqual(parseAddress('::1'));
  });
});
