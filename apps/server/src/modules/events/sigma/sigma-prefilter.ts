// The literal prefilter: each rule may carry literals one of which must occur (lower-cased) in a given
// field for the rule to match at all. Literals are interned, so a literal shared by many rules (e.g.
// "powershell" in CommandLine) is searched once per event, and a rule whose literals are all absent is
// skipped without running its matchers.
import type { LiteralAlt, Prefilter } from './sigma-compiler.ts';
import type { EventView } from './sigma-fields.ts';

export class LiteralIndex {
  /** Per rule: interned literal ids (any one must be present), or null (always evaluate). */
  private readonly ruleLiterals: (Int32Array | null)[];
  private readonly literals: LiteralAlt[] = [];
  private stamps: Uint32Array;
  private found: Uint8Array;
  private epoch = 0;
  private view: EventView | null = null;

  constructor(prefilters: readonly Prefilter[]) {
    const ids = new Map<string, number>();
    this.ruleLiterals = prefilters.map((p) => {
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
      });
      return list;
    });
    this.stamps = new Uint32Array(this.literals.length);
    this.found = new Uint8Array(this.literals.length);
  }

  get literalCount(): number {
    return this.literals.length;
  }

  /** Starts an event; the returned function says whether rule i may match (its literals are checked lazily). */
  scan(view: EventView, _candidates: readonly number[]): (rule: number) => boolean {
    this.view = view;
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.epoch = 1;
    }
    return this.present;
  }

  private readonly present = (rule: number): boolean => {
    const list = this.ruleLiterals[rule];
    if (!list) return true;
    for (let i = 0; i < list.length; i++) if (this.has(list[i] ?? 0)) return true;
    return false;
  };

  private has(id: number): boolean {
    if (this.stamps[id] === this.epoch) return this.found[id] === 1;
    const alt = this.literals[id];
    const view = this.view;
    let hit = false;
    if (alt && view) {
      const values = alt.fid < 0 ? view.keywords(true) : view.lower(alt.fid);
      for (const v of values)
        if (v.includes(alt.literal)) {
          hit = true;
          break;
        }
    }
    this.stamps[id] = this.epoch;
    this.found[id] = hit ? 1 : 0;
    return hit;
  }
}
