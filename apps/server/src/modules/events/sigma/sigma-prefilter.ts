// The literal prefilter. Each rule may carry literals one of which must occur (lower-cased) in a given
// field for the rule to match at all. All literals of all rules are indexed by one "anchor" trigram
// each (the one rarest among the literals of that field), so an event is scanned once per field: each
// trigram of the value looks up the literals anchored on it and verifies them in place. A rule whose
// literals were not found is skipped without running its matchers.
import type { LiteralAlt, Prefilter } from './sigma-compiler.ts';
import type { EventView } from './sigma-fields.ts';
import { NON_ASCII } from './sigma-pattern.ts';

interface RouteInfo {
  fids: Int32Array;
  member: Uint8Array;
  always: number[];
  /** Per literal, its rules that are candidates of this route (filled on first use). */
  rulesOf: (readonly number[] | undefined)[];
}

const BITS = 16;
const NON_ASCII_CHAR = /[\u0080-\uffff]/;

function fieldSalt(fid: number): number {
  return Math.imul(fid + 7, 0x27d4eb2d);
}

/** Multiplicative hash of a trigram, salted by field; the top BITS bits index the table. */
function trigramHash(salt: number, a: number, b: number, c: number): number {
  return (Math.imul(a * 961 + b * 31 + c, 0x9e3779b1) ^ salt) >>> (32 - BITS);
}

export class LiteralIndex {
  /** Per rule: interned literal ids (any one must be present), or null (always evaluate). */
  private readonly ruleLiterals: (Int32Array | null)[];
  private readonly literals: LiteralAlt[] = [];
  /** Where the anchor trigram starts inside each literal. */
  private anchorOffset: Int32Array;
  private readonly heads = new Int32Array(1 << BITS).fill(-1);
  /** One bit per bucket (8 KB, stays in L1 cache): most trigrams of an event hit an empty bucket. */
  private readonly occupied = new Uint8Array(1 << (BITS - 3));
  private next: Int32Array;
  private found: Uint32Array;
  private epoch = 0;
  /** Per literal: the rules it is a prefilter literal of. */
  private readonly rulesOf: number[][] = [];
  private ruleStamps: Uint32Array;
  private readonly foundNow: number[] = [];
  /** Literals that stand for "some non-ASCII character in the field" (checked by a regex, not trigrams). */
  private readonly nonAscii: number[] = [];
  private readonly routes = new WeakMap<readonly number[], RouteInfo>();

  constructor(prefilters: readonly Prefilter[]) {
    const ids = new Map<string, number>();
    this.ruleStamps = new Uint32Array(prefilters.length);
    this.ruleLiterals = prefilters.map((p, rule) => {
      if (!p) return null;
      const list = new Int32Array(p.length);
      p.forEach((alt, i) => {
        const key = `${alt.fid}\u0000${alt.literal}`;
        let id = ids.get(key);
        if (id === undefined) {
          id = this.literals.length;
          ids.set(key, id);
          this.literals.push(alt);
        }
        list[i] = id;
        const rules = this.rulesOf[id] ?? [];
        rules.push(rule);
        this.rulesOf[id] = rules;
      });
      return list;
    });
    const n = this.literals.length;
    this.anchorOffset = new Int32Array(n);
    this.next = new Int32Array(n).fill(-1);
    this.found = new Uint32Array(n);

    // Frequency of each (field, trigram) among all literals: anchor on the rarest.
    const freq = new Map<number, number>();
    const hashesOf = (alt: LiteralAlt): number[] => {
      const s = alt.literal;
      const out: number[] = [];
      for (let i = 0; i + 2 < s.length; i++)
        out.push(trigramHash(fieldSalt(alt.fid), s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2)));
      return out;
    };
    for (const alt of this.literals)
      for (const h of new Set(hashesOf(alt))) freq.set(h, (freq.get(h) ?? 0) + 1);
    this.literals.forEach((alt, id) => {
      if (alt.literal === NON_ASCII) {
        this.nonAscii.push(id);
        return;
      }
      const hashes = hashesOf(alt);
      let bestAt = 0;
      for (let i = 1; i < hashes.length; i++)
        if ((freq.get(hashes[i] ?? 0) ?? 0) < (freq.get(hashes[bestAt] ?? 0) ?? 0)) bestAt = i;
      const h = hashes[bestAt] ?? 0;
      this.anchorOffset[id] = bestAt;
      this.next[id] = this.heads[h] ?? -1;
      this.heads[h] = id;
      this.occupied[h >>> 3] = (this.occupied[h >>> 3] ?? 0) | (1 << (h & 7));
    });
  }

  get literalCount(): number {
    return this.literals.length;
  }

  private route(candidates: readonly number[]): RouteInfo {
    let info = this.routes.get(candidates);
    if (!info) {
      const fids = new Set<number>();
      const member = new Uint8Array(this.ruleLiterals.length);
      const always: number[] = [];
      for (const r of candidates) {
        member[r] = 1;
        const list = this.ruleLiterals[r];
        if (!list) always.push(r);
        else for (const id of list) fids.add(this.literals[id]?.fid ?? -1);
      }
      info = { fids: Int32Array.from(fids), member, always, rulesOf: [] };
      this.routes.set(candidates, info);
    }
    return info;
  }

  /**
   * The candidate rules that may match this event, ascending: those without a prefilter, and those one
   * of whose literals occurs. Scans each field the candidates need once.
   */
  select(view: EventView, candidates: readonly number[]): number[] {
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.found.fill(0);
      this.ruleStamps.fill(0);
      this.epoch = 1;
    }
    const info = this.route(candidates);
    this.foundNow.length = 0;
    for (const fid of info.fids) {
      const values = fid < 0 ? view.keywords(true) : view.lower(fid);
      for (const v of values) this.scanValue(fid, v);
    }
    for (const id of this.nonAscii) {
      const alt = this.literals[id];
      if (!alt || !info.fids.includes(alt.fid)) continue;
      const values = alt.fid < 0 ? view.keywords(true) : view.lower(alt.fid);
      if (values.some((v) => NON_ASCII_CHAR.test(v))) {
        this.found[id] = this.epoch;
        this.foundNow.push(id);
      }
    }
    const out = info.always.slice();
    const { ruleStamps, epoch } = this;
    for (const id of this.foundNow) {
      let rules = info.rulesOf[id];
      if (rules === undefined) {
        const member = info.member;
        rules = (this.rulesOf[id] ?? []).filter((r) => member[r] === 1);
        info.rulesOf[id] = rules;
      }
      for (const r of rules) {
        if (ruleStamps[r] === epoch) continue;
        ruleStamps[r] = epoch;
        out.push(r);
      }
    }
    if (out.length > info.always.length) out.sort((a, b) => a - b);
    return out;
  }

  private scanValue(fid: number, v: string): void {
    const { heads, next, literals, anchorOffset, found, epoch, occupied } = this;
    const n = v.length;
    if (n < 3) return;
    const salt = fieldSalt(fid);
    let c0 = v.charCodeAt(0);
    let c1 = v.charCodeAt(1);
    for (let i = 0; i + 2 < n; i++) {
      const c2 = v.charCodeAt(i + 2);
      const h = trigramHash(salt, c0, c1, c2);
      c0 = c1;
      c1 = c2;
      if (((occupied[h >>> 3] ?? 0) & (1 << (h & 7))) === 0) continue;
      let id = heads[h] ?? -1;
      while (id >= 0) {
        if (found[id] !== epoch) {
          const alt = literals[id];
          if (alt && alt.fid === fid && v.startsWith(alt.literal, i - (anchorOffset[id] ?? 0))) {
            found[id] = epoch;
            this.foundNow.push(id);
          }
        }
        id = next[id] ?? -1;
      }
    }
  }
}
