import { isIPv4 } from 'node:net';
import { ipv4ToUint, ipv6ToBigint } from '../../../platform/net/ip-address.ts';

/**
 * The SSRF guard's address rules. Every address is handled as 16 bytes, IPv4 as IPv4-mapped IPv6
 * (::ffff:a.b.c.d), so a mapped address such as ::ffff:127.0.0.1 meets the same rules as 127.0.0.1.
 */
export interface Cidr {
  readonly text: string;
  readonly bytes: Uint8Array;
  /** Prefix length in the 128-bit space (an IPv4 /8 is 104). */
  readonly prefix: number;
}

export interface AddressVerdict {
  allowed: boolean;
  /** Normalised address (IPv4-mapped IPv6 written as IPv4). */
  address: string;
  /** Which special-purpose range refused it, e.g. "loopback 127.0.0.0/8". */
  reason?: string;
}

export type AddressPolicy = (address: string) => AddressVerdict;

/** Parses an IPv4 or IPv6 address (zone ids dropped) into 16 bytes, or null when it is not one. */
export function parseAddress(input: string): Uint8Array | null {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const out = new Uint8Array(16);
  const v4 = ipv4ToUint(text);
  if (v4 >= 0) {
    out[10] = 0xff;
    out[11] = 0xff;
    new DataView(out.buffer).setUint32(12, v4);
    return out;
  }
  let v6 = ipv6ToBigint(text);
  if (v6 === null) return null;
  for (let i = 15; i >= 0; i--, v6 >>= 8n) out[i] = Number(v6 & 0xffn);
  return out;
}

function isMappedV4(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Writes 16 address bytes back as text; IPv4-mapped addresses as dotted IPv4. */
export function formatAddress(bytes: Uint8Array): string {
  if (isMappedV4(bytes)) return Array.from(bytes.subarray(12)).join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** Parses "10.0.0.0/8", "fd00::/8" or a bare address (one host). Returns an error message on bad input. */
export function parseCidr(input: string): Cidr | string {
  const text = input.trim();
  const slash = text.lastIndexOf('/');
  const addressText = slash >= 0 ? text.slice(0, slash) : text;
  const bytes = parseAddress(addressText);
  if (!bytes) return `"${input}" is not an IPv4 or IPv6 network`;
  const v4 = isIPv4(addressText);
  const max = v4 ? 32 : 128;
  let length = max;
  if (slash >= 0) {
    const raw = text.slice(slash + 1);
    length = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(length >= 0 && length <= max)) return `"${input}": prefix length must be 0 to ${max}`;
  }
  return { text, bytes, prefix: v4 ? length + 96 : length };
}

/** Parses a comma- or space-separated CIDR list; every bad entry is reported. */
export function parseCidrList(input: string | readonly string[]): { cidrs: Cidr[]; errors: string[] } {
  const items = (typeof input === 'string' ? input.split(/[\s,]+/) : input.flatMap((s) => s.split(/[\s,]+/)))
    .map((s) => s.trim())
    .filter(Boolean);
  const cidrs: Cidr[] = [];
  const errors: string[] = [];
  for (const item of items) {
    const parsed = parseCidr(item);
    if (typeof parsed === 'string') errors.push(parsed);
    else cidrs.push(parsed);
  }
  return { cidrs, errors };
}

export function cidrContains(cidr: Cidr, bytes: Uint8Array): boolean {
  const full = cidr.prefix >> 3;
  for (let i = 0; i < full; i++) if (cidr.bytes[i] !== bytes[i]) return false;
  const rest = cidr.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((cidr.bytes[full] ?? 0) & mask) === ((bytes[full] ?? 0) & mask);
}

function ranges(list: Array<[string, string]>): Array<{ name: string; cidr: Cidr }> {
  return list.map(([name, text]) => {
    const cidr = parseCidr(text);
    if (typeof cidr === 'string') throw new Error(cidr);
    return { name, cidr };
  });
}

// IANA special-purpose registries (RFC 6890 and successors): none of these is a public website.
const SPECIAL_V4 = ranges([
  ['this network', '0.0.0.0/8'],
  ['private', '10.0.0.0/8'],
  ['carrier-grade NAT', '100.64.0.0/10'],
  ['loopback', '127.0.0.0/8'],
  ['link-local', '169.254.0.0/16'],
  ['private', '172.16.0.0/12'],
  ['IETF protocol assignments', '192.0.0.0/24'],
  ['documentation', '192.0.2.0/24'],
  ['6to4 relay anycast', '192.88.99.0/24'],
  ['private', '192.168.0.0/16'],
  ['benchmarking', '198.18.0.0/15'],
  ['documentation', '198.51.100.0/24'],
  ['documentation', '203.0.113.0/24'],
  ['multicast', '224.0.0.0/4'],
  ['reserved', '240.0.0.0/4'],
]);
const GLOBAL_UNICAST_V6 = ranges([['global unicast', '2000::/3']])[0];
const SPECIAL_V6 = ranges([
  ['IETF protocol assignments (Teredo, ORCHID)', '2001::/23'],
  ['documentation', '2001:db8::/32'],
  ['6to4', '2002::/16'],
  ['documentation', '3fff::/20'],
  ['segment routing', '5f00::/16'],
]);

function nonPublicReason(bytes: Uint8Array): string | undefined {
  if (isMappedV4(bytes)) {
    const hit = SPECIAL_V4.find((r) => cidrContains(r.cidr, bytes));
    return hit ? `${hit.name} ${hit.cidr.text}` : undefined;
  }
  if (!GLOBAL_UNICAST_V6 || !cidrContains(GLOBAL_UNICAST_V6.cidr, bytes)) {
    return 'not global unicast IPv6 (loopback, unique-local, link-local, multicast, NAT64 or IPv4-compatible)';
  }
  const hit = SPECIAL_V6.find((r) => cidrContains(r.cidr, bytes));
  return hit ? `${hit.name} ${hit.cidr.text}` : undefined;
}

/**
 * Builds the allow rule: public unicast addresses, plus the networks an office adds explicitly
 * (SHOUWANG_MONITOR_ALLOWED_NETWORKS, e.g. its internal ranges).
 */
export function createAddressPolicy(allowedNetworks: readonly (Cidr | string)[] = []): AddressPolicy {
  const extra: Cidr[] = allowedNetworks.map((n) => {
    if (typeof n !== 'string') return n;
    const parsed = parseCidr(n);
    if (typeof parsed === 'string') throw new TypeError(`allowedNetworks: ${parsed}`);
    return parsed;
  });
  return (address) => {
    const bytes = parseAddress(address);
    if (!bytes) return { allowed: false, address, reason: 'not an IP address' };
    const normalised = formatAddress(bytes);
    if (extra.some((c) => cidrContains(c, bytes))) return { allowed: true, address: normalised };
    const reason = nonPublicReason(bytes);
    return reason ? { allowed: false, address: normalised, reason } : { allowed: true, address: normalised };
  };
}
