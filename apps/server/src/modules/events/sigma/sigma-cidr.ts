// The cidr modifier: IPv4 and IPv6 networks, compiled to a bigint mask test. IPv4-mapped IPv6 addresses
// (::ffff:10.0.0.1) match IPv4 networks, as a dual-stack web server logs them that way.
import { isIPv4, isIPv6 } from 'node:net';

interface ParsedIp {
  v6: boolean;
  value: bigint;
}

function ipv4ToBigint(text: string): bigint {
  let value = 0n;
  for (const part of text.split('.')) value = (value << 8n) | BigInt(Number(part));
  return value;
}

function ipv6ToBigint(text: string): bigint {
  let address = text;
  const percent = address.indexOf('%');
  if (percent >= 0) address = address.slice(0, percent);
  // A trailing dotted IPv4 part becomes two hextets.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToBigint(tail);
    address = `${address.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = address.split('::');
  const headParts = head ? head.split(':') : [];
  const restParts = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - headParts.length - restParts.length;
  const parts = [...headParts, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...restParts];
  let value = 0n;
  for (const part of parts) value = (value << 16n) | BigInt(Number.parseInt(part, 16));
  return value;
}

// Events repeat addresses, and one rule may list dozens of networks: parse each text once.
const cache = new Map<string, ParsedIp | null>();

function parseCached(text: string): ParsedIp | null {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    parsed = parseIp(text);
    if (cache.size >= 4096) cache.clear();
    cache.set(text, parsed);
  }
  return parsed;
}

/** Parses an IPv4 or IPv6 address; null when the text is not one. */
export function parseIp(text: string): ParsedIp | null {
  const trimmed = text.trim();
  if (isIPv4(trimmed)) return { v6: false, value: ipv4ToBigint(trimmed) };
  if (isIPv6(trimmed)) {
    const value = ipv6ToBigint(trimmed);
    // ::ffff:a.b.c.d is an IPv4 address.
    if (value >> 32n === 0xffffn) return { v6: false, value: value & 0xffffffffn };
    return { v6: true, value };
  }
  return null;
}

interface Network {
  v6: boolean;
  shift: bigint;
  base: bigint;
}

/** Compiles "10.0.0.0/8" or "fe80::/10" (a bare address is a /32 or /128) into a test; throws on bad input. */
export function compileCidr(cidr: string): (ip: string) => boolean {
  return compileCidrs([cidr]);
}

/** One test for a list of networks: the address is parsed once and compared with each. */
export function compileCidrs(cidrs: readonly string[]): (ip: string) => boolean {
  const networks = cidrs.map(parseNetwork);
  return (ip) => {
    const parsed = parseCached(ip);
    if (parsed === null) return false;
    for (const n of networks) if (parsed.v6 === n.v6 && parsed.value >> n.shift === n.base) return true;
    return false;
  };
}

function parseNetwork(cidr: string): Network {
  const slash = cidr.indexOf('/');
  const addressText = slash >= 0 ? cidr.slice(0, slash) : cidr;
  const network = parseIp(addressText);
  if (!network) throw new Error(`"${cidr}" is not an IPv4 or IPv6 network`);
  const bits = network.v6 ? 128 : 32;
  const prefixText = slash >= 0 ? cidr.slice(slash + 1) : String(bits);
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > bits)
    throw new Error(`"${cidr}" has an invalid prefix length (0-${bits})`);
  const shift = BigInt(bits - prefix);
  return { v6: network.v6, shift, base: network.value >> shift };
}
