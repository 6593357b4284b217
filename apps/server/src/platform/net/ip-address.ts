// The one parser of IP addresses and networks: Sigma's cidr modifier, event sources' allowed senders,
// threat-intel indicators and the monitoring fetcher's SSRF guard (in its 16-byte form) all use it. IPv4
// is an unsigned 32-bit number (typed arrays in the indicator matcher), IPv6 a 128-bit bigint. IPv4-mapped
// IPv6 addresses (::ffff:10.0.0.1, in any spelling) are IPv4, as dual-stack servers log IPv4 clients that way.
import { isIPv6 } from 'node:net';

export interface Ipv4Network {
  v6: false;
  /** Network address as an unsigned 32-bit integer (host bits cleared). */
  network: number;
  prefix: number;
}

export interface Ipv6Network {
  v6: true;
  network: bigint;
  prefix: number;
}

export type IpNetwork = Ipv4Network | Ipv6Network;

/** Parses dotted IPv4 text into an unsigned 32-bit integer; -1 when it is not a plain IPv4 address. */
export function ipv4ToUint(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // A leading zero (010) is ambiguous (octal in some parsers): refuse it, as node:net does.
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (part > 255 || ++digits > 3) return -1;
    } else if (c === 46) {
      if (digits === 0 || parts === 3) return -1;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  if (digits === 0 || parts !== 3) return -1;
  return value * 256 + part;
}

/** Expands IPv6 text (with ::, an embedded IPv4 tail or a zone) to a 128-bit bigint; null when invalid. */
export function ipv6ToBigint(text: string): bigint | null {
  let address = text;
  const percent = address.indexOf('%');
  if (percent >= 0) address = address.slice(0, percent);
  if (!isIPv6(address)) return null;
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToUint(tail);
    if (v4 < 0) return null;
    address = `${address.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = address.split('::');
  const headParts = head ? head.split(':') : [];
  const restParts = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = rest === undefined ? 0 : 8 - headParts.length - restParts.length;
  let value = 0n;
  for (const p of [...headParts, ...Array<string>(missing).fill('0'), ...restParts]) {
    value = (value << 16n) | BigInt(Number.parseInt(p, 16));
  }
  return value;
}

export type ParsedAddress = { v6: false; value: number } | { v6: true; value: bigint };

/** Parses one address as an event carries it; IPv4-mapped IPv6 comes back as IPv4. */
export function parseAddress(text: string): ParsedAddress | null {
  const v4 = ipv4ToUint(text);
  if (v4 >= 0) return { v6: false, value: v4 };
  if (text.indexOf(':') < 0) return null;
  const v6 = ipv6ToBigint(text);
  if (v6 === null) return null;
  if (v6 >> 32n === 0xffffn) return { v6: false, value: Number(v6 & 0xffffffffn) };
  return { v6: true, value: v6 };
}

const V6_ALL = (1n << 128n) - 1n;

/** A mask of the top `prefix` bits of a uint32, as an unsigned number. */
export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function ipv6Mask(prefix: number): bigint {
  return prefix === 0 ? 0n : (V6_ALL >> BigInt(128 - prefix)) << BigInt(128 - prefix);
}

export interface NetworkOptions {
  /**
   * Host bits set below the prefix ("10.0.0.1/8"): `refuse` (default) reports them, for data the office
   * curates (indicators); `clear` takes the network they belong to, as Sigma rules and sender lists are
   * commonly written.
   */
  hostBits?: 'refuse' | 'clear';
}

/**
 * Parses an address or a CIDR network ("10.0.0.0/8", "2001:db8::/32", a bare address is /32 or /128).
 * "::ffff:10.0.0.0/104" is the IPv4 network 10.0.0.0/8.
 */
export function parseNetwork(
  text: string,
  options: NetworkOptions = {},
): { ok: true; network: IpNetwork } | { ok: false; error: string } {
  const clear = options.hostBits === 'clear';
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const addressText = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const prefixText = slash < 0 ? null : trimmed.slice(slash + 1);
  const address = parseAddress(addressText);
  if (!address) return { ok: false, error: `"${addressText}" is not an IPv4 or IPv6 address` };
  const mapped = !address.v6 && addressText.includes(':');
  const width = address.v6 || mapped ? 128 : 32;
  let prefix = width;
  if (prefixText !== null) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) {
      return { ok: false, error: `"/${prefixText}" is not a prefix length between 0 and ${width}` };
    }
    prefix = Number(prefixText);
  }
  if (!address.v6) {
    // ::ffff:10.0.0.0/104 is the IPv4 network 10.0.0.0/8.
    const v4Prefix = mapped ? prefix - 96 : prefix;
    if (v4Prefix < 0) return { ok: false, error: `"${trimmed}" is wider than the IPv4-mapped range` };
    const network = (address.value & ipv4Mask(v4Prefix)) >>> 0;
    if (network !== address.value && !clear) {
      return { ok: false, error: `"${trimmed}" has host bits set below /${prefix}` };
    }
    return { ok: true, network: { v6: false, network, prefix: v4Prefix } };
  }
  const network = address.value & ipv6Mask(prefix);
  if (network !== address.value && !clear) {
    return { ok: false, error: `"${trimmed}" has host bits set below /${prefix}` };
  }
  return { ok: true, network: { v6: true, network, prefix } };
}

/** Whether the network holds the address (an IPv4 network never holds an IPv6 address, nor the reverse). */
export function networkHolds(n: IpNetwork, a: ParsedAddress): boolean {
  if (n.v6) return a.v6 && (a.value & ipv6Mask(n.prefix)) === n.network;
  return !a.v6 && (a.value & ipv4Mask(n.prefix)) >>> 0 === n.network;
}

/** Canonical text of a network, for storage and display: "10.0.0.1", "10.0.0.0/8", "2001:db8::/32". */
export function formatNetwork(n: IpNetwork): string {
  if (!n.v6) {
    const v = n.network;
    const text = `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    return n.prefix === 32 ? text : `${text}/${n.prefix}`;
  }
  const hextets: string[] = [];
  for (let i = 7; i >= 0; i--) hextets.push(((n.network >> BigInt(i * 16)) & 0xffffn).toString(16));
  // The longest run of zero hextets (two or more) becomes "::" (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (hextets[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && hextets[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text =
    best < 0
      ? hextets.join(':')
      : `${hextets.slice(0, best).join(':')}::${hextets.slice(best + bestLen).join(':')}`;
  return n.prefix === 128 ? text : `${text}/${n.prefix}`;
}
