// The cidr modifier (and event sources' allowed senders): IPv4 and IPv6 networks, parsed by the platform's
// one IP parser. IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) match IPv4 networks, as a dual-stack web
// server logs them that way.
import {
  type IpNetwork,
  networkHolds,
  parseAddress,
  parseNetwork,
} from '../../../platform/net/ip-address.ts';

/**
 * One test for a list of networks ("10.0.0.0/8", "fe80::/10"; a bare address is a /32 or /128): the
 * address is parsed once and compared with each. Host bits below the
 * prefix ("10.0.0.1/8") are cleared, as rules and sender lists are commonly written; bad input throws.
 */
export function compileCidrs(cidrs: readonly string[]): (ip: string) => boolean {
  const networks: IpNetwork[] = cidrs.map((cidr) => {
    const parsed = parseNetwork(cidr, { hostBits: 'clear' });
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.network;
  });
  return (ip) => {
    const address = parseAddress(ip) ?? parseAddress(ip.trim());
    if (address === null) return false;
    for (const n of networks) if (networkHolds(n, address)) return true;
    return false;
  };
}
