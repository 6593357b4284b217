import { domainToASCII } from 'node:url';
import { formatNetwork, parseNetwork } from '../../../platform/net/ip-address.ts';
import type { ObservableKind } from '../event-schema.ts';
import type {
  ComparisonExpression,
  ComparisonTest,
  Literal,
  ObservationExpression,
  PathStep,
} from './stix-pattern.ts';

/** One value an event must carry for a clause to hold: an address or network, a domain, a URL, a hash. */
export interface ObservableTerm {
  kind: ObservableKind;
  /** Canonical form (see normalizeObservable): what the matcher indexes and the UI shows. */
  value: string;
}

/**
 * What an indicator matches: any one clause, where a clause holds when every one of its terms is seen in
 * the same event. `[ipv4-addr:value = 'a' OR domain-name:value = 'b']` is two clauses of one term each.
 */
export type MatchPlan =
  | { matchable: true; clauses: ObservableTerm[][] }
  | { matchable: false; reason: string };

export const SUPPORTED_PATHS =
  "ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, file:hashes.'MD5' / 'SHA-1' / 'SHA-256'";

const HASH_LENGTH: Record<'md5' | 'sha1' | 'sha256', number> = { md5: 32, sha1: 40, sha256: 64 };

/**
 * The URL key the matcher compares: host (lower case, user info and default port dropped), then path and
 * query as given; no scheme, no fragment. Computed by hand, without URL parsing, because every event's
 * URL goes through it; indicators are checked with the URL parser first (normalizeObservable).
 */
export function urlKey(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  let scheme = 'http';
  let rest = text;
  const sep = text.indexOf('://');
  if (sep > 0 && /^[a-z][a-z0-9+.-]*$/i.test(text.slice(0, sep))) {
    scheme = text.slice(0, sep).toLowerCase();
    rest = text.slice(sep + 3);
  }
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  let host = rest.slice(0, end).toLowerCase();
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if ((scheme === 'http' && host.endsWith(':80')) || (scheme === 'https' && host.endsWith(':443'))) {
    host = host.slice(0, host.lastIndexOf(':'));
  }
  if (host === '') return null;
  let tail = rest.slice(end);
  const hash = tail.indexOf('#');
  if (hash >= 0) tail = tail.slice(0, hash);
  if (tail === '' || tail.charCodeAt(0) === 63) tail = `/${tail}`;
  return host + tail;
}

function validUrl(raw: string): boolean {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) ? raw.trim() : `http://${raw.trim()}`;
  try {
    return new URL(text).hostname !== '';
  } catch {
    return false;
  }
}

/** An event's domain as the matcher looks it up: lower case, no trailing dot (no validation: a miss is a miss). */
export function eventDomainKey(raw: string): string {
  const lower = raw.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** A domain as the matcher keys it: lower case ASCII (IDN as punycode), no trailing dot; null if invalid. */
export function domainKey(raw: string): string | null {
  const trimmed = raw.trim().replace(/\.$/, '');
  if (trimmed === '' || trimmed.length > 253) return null;
  const ascii = /^[\x21-\x7e]+$/.test(trimmed) ? trimmed.toLowerCase() : domainToASCII(trimmed);
  if (!ascii) return null;
  // Labels of letters, digits, "_" and inner "-", 1 to 63 long.
  let start = 0;
  for (let i = 0; i <= ascii.length; i++) {
    const c = i === ascii.length ? 46 : ascii.charCodeAt(i);
    if (c === 46) {
      const len = i - start;
      if (len === 0 || len > 63 || ascii.charCodeAt(start) === 45 || ascii.charCodeAt(i - 1) === 45)
        return null;
      start = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45)) return null;
  }
  return ascii;
}

/** Checks and canonicalises an indicator value of a kind; the error says what is wrong with it. */
export function normalizeObservable(
  kind: ObservableKind,
  raw: string,
): { ok: true; value: string } | { ok: false; error: string } {
  switch (kind) {
    case 'ipv4':
    case 'ipv6': {
      const parsed = parseNetwork(raw);
      if (!parsed.ok) return parsed;
      if (parsed.network.v6 !== (kind === 'ipv6')) {
        return { ok: false, error: `"${raw.trim()}" is not an ${kind === 'ipv4' ? 'IPv4' : 'IPv6'} address` };
      }
      return { ok: true, value: formatNetwork(parsed.network) };
    }
    case 'domain': {
      const key = domainKey(raw);
      return key ? { ok: true, value: key } : { ok: false, error: `"${raw.trim()}" is not a domain name` };
    }
    case 'url': {
      const key = validUrl(raw) ? urlKey(raw) : null;
      return key ? { ok: true, value: key } : { ok: false, error: `"${raw.trim()}" is not a URL` };
    }
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const hex = raw.trim().toLowerCase();
      if (hex.length !== HASH_LENGTH[kind] || !/^[0-9a-f]+$/.test(hex)) {
        return {
          ok: false,
          error: `"${raw.trim()}" is not a ${kind.toUpperCase()} hash (${HASH_LENGTH[kind]} hex digits)`,
        };
      }
      return { ok: true, value: hex };
    }
  }
}

function pathText(objectType: string, steps: PathStep[]): string {
  return `${objectType}:${steps
    .map((s) =>
      s.kind === 'property'
        ? /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name)
          ? s.name
          : `'${s.name}'`
        : `[${s.index}]`,
    )
    .join('.')
    .replace(/\.\[/g, '[')}`;
}

function kindOfPath(objectType: string, steps: PathStep[]): ObservableKind | null {
  const names = steps.map((s) => (s.kind === 'property' ? s.name : null));
  if (names.length === 1 && names[0] === 'value') {
    if (objectType === 'ipv4-addr') return 'ipv4';
    if (objectType === 'ipv6-addr') return 'ipv6';
    if (objectType === 'domain-name') return 'domain';
    if (objectType === 'url') return 'url';
  }
  if (objectType === 'file' && names.length === 2 && names[0] === 'hashes') {
    const algo = (names[1] ?? '').toUpperCase().replace(/[-_]/g, '');
    if (algo === 'MD5') return 'md5';
    if (algo === 'SHA1') return 'sha1';
    if (algo === 'SHA256') return 'sha256';
  }
  return null;
}

class Unmatchable extends Error {}

/** Above this many clauses (after distributing AND over OR) a pattern is not indexed. */
const MAX_CLAUSES = 256;

function comparisonClauses(expr: ComparisonExpression): ObservableTerm[][] {
  if (expr.type === 'or') {
    const out = expr.items.flatMap(comparisonClauses);
    if (out.length > MAX_CLAUSES) {
      throw new Unmatchable(`the pattern expands to more than ${MAX_CLAUSES} alternatives`);
    }
    return out;
  }
  if (expr.type === 'and') {
    let acc: ObservableTerm[][] = [[]];
    for (const item of expr.items) {
      const next: ObservableTerm[][] = [];
      for (const left of acc) for (const right of comparisonClauses(item)) next.push([...left, ...right]);
      if (next.length > MAX_CLAUSES) {
        throw new Unmatchable(`the pattern expands to more than ${MAX_CLAUSES} alternatives`);
      }
      acc = next;
    }
    return acc;
  }
  return termClauses(expr);
}

function termClauses(expr: ComparisonTest): ObservableTerm[][] {
  const kind = kindOfPath(expr.path.objectType, expr.path.steps);
  const isIp = kind === 'ipv4' || kind === 'ipv6';
  if (
    expr.type === 'comparison' &&
    kind &&
    !expr.negated &&
    (expr.operator === '=' || expr.operator === 'IN' || (isIp && expr.operator === 'ISSUBSET'))
  ) {
    // The common case, with nothing to explain: no path text is built.
    const literals: Literal[] = Array.isArray(expr.value) ? expr.value : [expr.value];
    const out: ObservableTerm[][] = [];
    for (const lit of literals) {
      if (lit.kind !== 'string') break;
      const normalized = normalizeObservable(kind, lit.value);
      if (!normalized.ok) break;
      out.push([{ kind, value: normalized.value }]);
    }
    if (out.length === literals.length) return out;
  }
  const where = pathText(expr.path.objectType, expr.path.steps);
  if (expr.type === 'exists') throw new Unmatchable(`EXISTS ${where} is not supported for matching`);
  if (!kind)
    throw new Unmatchable(
      `object path ${where} is not supported for matching (supported: ${SUPPORTED_PATHS})`,
    );
  const op = `${expr.negated ? 'NOT ' : ''}${expr.operator}`;
  const supported =
    !expr.negated &&
    (expr.operator === '=' || expr.operator === 'IN' || (isIp && expr.operator === 'ISSUBSET'));
  if (!supported) {
    throw new Unmatchable(
      `operator ${op} on ${where} is not supported for matching (supported: =, IN${isIp ? ', ISSUBSET' : ''})`,
    );
  }
  const literals: Literal[] = Array.isArray(expr.value) ? expr.value : [expr.value];
  return literals.map((lit) => {
    if (lit.kind !== 'string')
      throw new Unmatchable(`${where} is compared with a ${lit.kind} literal, not a string`);
    const normalized = normalizeObservable(kind, lit.value);
    if (!normalized.ok) throw new Unmatchable(`${where}: ${normalized.error}`);
    return [{ kind, value: normalized.value }];
  });
}

function observationClauses(expr: ObservationExpression): ObservableTerm[][] {
  if (expr.qualifiers.length > 0) {
    const q = expr.qualifiers[0];
    const name = q?.kind === 'startstop' ? 'START/STOP' : (q?.kind ?? '').toUpperCase();
    throw new Unmatchable(
      `the ${name} qualifier needs correlation over time, which single-event matching does not do`,
    );
  }
  if (expr.type === 'observation') return comparisonClauses(expr.comparison);
  if (expr.type === 'or') {
    const out = expr.items.flatMap(observationClauses);
    if (out.length > MAX_CLAUSES)
      throw new Unmatchable(`the pattern expands to more than ${MAX_CLAUSES} alternatives`);
    return out;
  }
  throw new Unmatchable(
    `observations joined by ${expr.type === 'and' ? 'AND' : 'FOLLOWEDBY'} need several events, which single-event matching does not do`,
  );
}

/** Which observables a parsed pattern matches in one event, or why it cannot be matched. */
export function planPattern(pattern: ObservationExpression): MatchPlan {
  try {
    const clauses = observationClauses(pattern);
    if (clauses.length === 1 && clauses[0]?.length === 1) return { matchable: true, clauses };
    // The same term twice in a clause is one requirement; identical clauses are one alternative.
    const seen = new Set<string>();
    const unique: ObservableTerm[][] = [];
    for (const clause of clauses) {
      const terms = [...new Map(clause.map((t) => [`${t.kind}:${t.value}`, t])).values()];
      const key = terms
        .map((t) => `${t.kind}:${t.value}`)
        .sort()
        .join('\n');
      if (!seen.has(key)) {
        seen.add(key);
        unique.push(terms);
      }
    }
    return { matchable: true, clauses: unique };
  } catch (err) {
    if (err instanceof Unmatchable) return { matchable: false, reason: err.message };
    throw err;
  }
}
