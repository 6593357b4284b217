import { ipv4Mask, ipv6Mask, parseAddress, parseNetwork } from '../../../platform/net/ip-address.ts';
import type { Detection, SecurityEvent } from '../event-schema.ts';
import { DigestTable, growFloat64, growInt32, growUint8, KeyIndex, NetworkIndex } from './intel-index.ts';
import { eventDomainKey, type ObservableTerm, urlKey } from './intel-observables.ts';
import { type EventObservableKind, visitObservables } from './intel-observe.ts';

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

/** One active (or future, or expiring) indicator as the matcher loads it. */
export interface MatcherIndicator {
  id: number;
  /** Shown as the detection title; null builds one from the matched value. */
  name: string | null;
  level: Level;
  /** Epoch ms; null: no bound. */
  validFrom: number | null;
  expiresAt: number | null;
  clauses: ObservableTerm[][];
}

const V4_MAX = 0xffffffff;
const V6_ALL = (1n << 128n) - 1n;

/**
 * Builds an IndicatorMatcher. Indicators are added one by one (a million are streamed from the
 * database in pages), and only flat typed arrays and one index per observable kind are kept.
 */
export class IndicatorMatcherBuilder {
  private readonly ids = growInt32();
  private readonly levels = growUint8();
  private readonly validFrom = growFloat64();
  private readonly expiresAt = growFloat64();
  private readonly names: (string | null)[] = [];
  private readonly termIndicator = growInt32();
  private readonly termClause = growInt32();
  private readonly clauseSize = growInt32();
  private readonly termValues: string[] = [];
  private readonly v4: { start: number; end: number; prefix: number; term: number }[] = [];
  private readonly v6: { start: bigint; end: bigint; prefix: number; term: number }[] = [];
  private readonly domains = new KeyIndex();
  private readonly domainLabels = { min: Number.POSITIVE_INFINITY, max: 0 };
  private readonly urls = new KeyIndex();
  private readonly hashes = {
    md5: { hexes: [] as string[], terms: [] as number[] },
    sha1: { hexes: [] as string[], terms: [] as number[] },
    sha256: { hexes: [] as string[], terms: [] as number[] },
  };

  add(indicator: MatcherIndicator): void {
    const index = this.ids.length;
    this.ids.push(indicator.id);
    this.levels.push(Math.max(0, LEVELS.indexOf(indicator.level)));
    this.validFrom.push(indicator.validFrom ?? Number.NaN);
    this.expiresAt.push(indicator.expiresAt ?? Number.NaN);
    this.names.push(indicator.name);
    for (const clause of indicator.clauses) {
      let clauseId = -1;
      if (clause.length > 1) {
        clauseId = this.clauseSize.length;
        this.clauseSize.push(clause.length);
      }
      for (const term of clause) {
        const termId = this.termIndicator.length;
        this.termIndicator.push(index);
        this.termClause.push(clauseId);
        this.termValues.push(term.value);
        this.indexTerm(term, termId);
      }
    }
  }

  private indexTerm(term: ObservableTerm, termId: number): void {
    switch (term.kind) {
      case 'ipv4':
      case 'ipv6': {
        const parsed = parseNetwork(term.value);
        if (!parsed.ok) return;
        const n = parsed.network;
        if (!n.v6) {
          const end = (n.network | (~ipv4Mask(n.prefix) >>> 0)) >>> 0;
          this.v4.push({ start: n.network, end: Math.min(end, V4_MAX), prefix: n.prefix, term: termId });
        } else {
          const end = n.network | (~ipv6Mask(n.prefix) & V6_ALL);
          this.v6.push({ start: n.network, end, prefix: n.prefix, term: termId });
        }
        return;
      }
      case 'domain':
        this.domains.add(term.value, termId);
        {
          const labels = labelCount(term.value);
          if (labels < this.domainLabels.min) this.domainLabels.min = labels;
          if (labels > this.domainLabels.max) this.domainLabels.max = labels;
        }
        return;
      case 'url':
        this.urls.add(term.value, termId);
        return;
      default:
        this.hashes[term.kind].hexes.push(term.value);
        this.hashes[term.kind].terms.push(termId);
    }
  }

  build(): IndicatorMatcher {
    return new IndicatorMatcher({
      ids: Int32Array.from(this.ids.trimmed()),
      levels: Uint8Array.from(this.levels.trimmed()),
      validFrom: Float64Array.from(this.validFrom.trimmed()),
      expiresAt: Float64Array.from(this.expiresAt.trimmed()),
      names: this.names,
      termIndicator: Int32Array.from(this.termIndicator.trimmed()),
      termClause: Int32Array.from(this.termClause.trimmed()),
      clauseSize: Int32Array.from(this.clauseSize.trimmed()),
      termValues: this.termValues,
      v4: NetworkIndex.build(this.v4, (v) => Uint32Array.from(v)).withBuckets(),
      v6: NetworkIndex.build(this.v6, (v) => v),
      domains: this.domains,
      domainLabels: { ...this.domainLabels },
      urls: this.urls,
      md5: new DigestTable(16, this.hashes.md5.hexes, this.hashes.md5.terms),
      sha1: new DigestTable(20, this.hashes.sha1.hexes, this.hashes.sha1.terms),
      sha256: new DigestTable(32, this.hashes.sha256.hexes, this.hashes.sha256.terms),
    });
  }
}

interface MatcherParts {
  ids: Int32Array;
  levels: Uint8Array;
  validFrom: Float64Array;
  expiresAt: Float64Array;
  names: (string | null)[];
  termIndicator: Int32Array;
  termClause: Int32Array;
  clauseSize: Int32Array;
  termValues: string[];
  v4: NetworkIndex<number>;
  v6: NetworkIndex<bigint>;
  domains: KeyIndex;
  /** Fewest and most labels of any domain indicator: suffixes outside the range cannot match. */
  domainLabels: { min: number; max: number };
  urls: KeyIndex;
  md5: DigestTable;
  sha1: DigestTable;
  sha256: DigestTable;
}

const HEX = /^[0-9a-fA-F]+$/;

function labelCount(domain: string): number {
  let n = 1;
  for (let i = domain.indexOf('.'); i >= 0; i = domain.indexOf('.', i + 1)) n++;
  return n;
}

/** Looks an event's observables up in every index; immutable once built, so it is swapped whole on reload. */
export class IndicatorMatcher {
  private readonly p: MatcherParts;
  constructor(parts: MatcherParts) {
    this.p = parts;
  }

  static empty(): IndicatorMatcher {
    return new IndicatorMatcherBuilder().build();
  }

  /** Indicators loaded (active, future and not yet expired at load time). */
  get size(): number {
    return this.p.ids.length;
  }

  // Per-event state of hits(), on the instance so the visitor and hit callbacks are made once, not per
  // event (match is synchronous and never re-entered).
  private found: Map<number, { field: string; value: string }> | null = null;
  private field = '';
  private value = '';
  private readonly scratch = Buffer.alloc(64);
  private readonly hit = (term: number) => {
    this.found ??= new Map();
    if (!this.found.has(term)) this.found.set(term, { field: this.field, value: this.value });
  };
  private readonly visitor = (kind: EventObservableKind, f: string, v: string) => {
    const p = this.p;
    const hit = this.hit;
    this.field = f;
    this.value = v;
    switch (kind) {
      case 'ip': {
        const addr = parseAddress(v.trim());
        if (!addr) return;
        if (addr.v6) p.v6.lookup(addr.value, hit);
        else p.v4.lookup(addr.value, hit);
        return;
      }
      case 'domain': {
        if (p.domains.size === 0) return;
        // evil.example matches evil.example and every name under it: walk the suffixes at each dot,
        // only those with as many labels as some indicator has.
        const key = eventDomainKey(v);
        let labels = labelCount(key);
        let from = 0;
        while (from >= 0 && from < key.length && labels >= p.domainLabels.min) {
          if (labels <= p.domainLabels.max) p.domains.lookup(from === 0 ? key : key.slice(from), hit);
          const dot = key.indexOf('.', from);
          from = dot < 0 ? -1 : dot + 1;
          labels--;
        }
        return;
      }
      case 'url': {
        if (p.urls.size === 0) return;
        const key = urlKey(v);
        if (key) p.urls.lookup(key, hit);
        return;
      }
      default: {
        const table = p[kind];
        if (table.size === 0) return;
        const hex = v.trim();
        if (hex.length > 128 || hex.length % 2 !== 0 || !HEX.test(hex)) return;
        const n = this.scratch.write(hex, 'hex');
        table.lookup(this.scratch, n, hit);
      }
    }
  };

  /** Term hits of one event: term id -> the event field and value that matched it (first one wins). */
  private hits(event: SecurityEvent): Map<number, { field: string; value: string }> | null {
    this.found = null;
    visitObservables(event, this.visitor);
    const found = this.found;
    this.found = null;
    return found;
  }

  /** Detections of one event against the indicators active at `now` (epoch ms). */
  match(event: SecurityEvent, now: number): Detection[] {
    const found = this.hits(event);
    if (found === null) return [];
    const p = this.p;
    const matched = new Map<number, Record<string, string>>();
    let clauseHits: Map<number, number[]> | null = null;
    for (const [term, where] of found) {
      const clause = p.termClause[term] as number;
      if (clause >= 0) {
        clauseHits ??= new Map();
        const terms = clauseHits.get(clause) ?? [];
        terms.push(term);
        clauseHits.set(clause, terms);
        continue;
      }
      const ind = p.termIndicator[term] as number;
      const fields = matched.get(ind) ?? {};
      fields[where.field] = where.value;
      matched.set(ind, fields);
    }
    if (clauseHits) {
      for (const [clause, terms] of clauseHits) {
        if (terms.length < (p.clauseSize[clause] as number)) continue;
        const ind = p.termIndicator[terms[0] as number] as number;
        const fields = matched.get(ind) ?? {};
        for (const term of terms) {
          const where = found.get(term);
          if (where) fields[where.field] = where.value;
        }
        matched.set(ind, fields);
      }
    }
    const detections: Detection[] = [];
    for (const [ind, matchedFields] of matched) {
      // NaN (no bound) compares false, so an open bound never excludes.
      if ((p.validFrom[ind] as number) > now || (p.expiresAt[ind] as number) <= now) continue;
      const firstTerm = [...found.keys()].find((t) => p.termIndicator[t] === ind) ?? 0;
      detections.push({
        kind: 'indicator',
        ruleKey: `ioc:${p.ids[ind]}`,
        title: p.names[ind] ?? `Indicator ${p.termValues[firstTerm]}`,
        level: LEVELS[p.levels[ind] as number] ?? 'medium',
        matchedFields,
        event,
      });
    }
    return detections;
  }

  /** Sizes of each index, for the benchmark and the feeds page. */
  stats() {
    const p = this.p;
    return {
      indicators: p.ids.length,
      terms: p.termIndicator.length,
      networksV4: p.v4.size,
      networksV6: p.v6.size,
      domains: p.domains.size,
      urls: p.urls.size,
      md5: p.md5.size,
      sha1: p.sha1.size,
      sha256: p.sha256.size,
    };
  }
}
