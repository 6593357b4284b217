import fraud from './keywords/fraud.json' with { type: 'json' };
import gambling from './keywords/gambling.json' with { type: 'json' };
import phishing from './keywords/phishing.json' with { type: 'json' };
import pornography from './keywords/pornography.json' with { type: 'json' };
import { collapseWhitespace, foldCode, isSeparatorCode, isZeroWidth } from './text-normalize.ts';

export type KeywordCategoryInput = {
  category: string;
  keywords: readonly string[];
  /** Latin fragments that mark a domain name as belonging to this category (e.g. "casino"). */
  domainTokens?: readonly string[];
};

export type KeywordHit = {
  category: string;
  /** The keyword as listed. */
  keyword: string;
  /** Index of the match in the scanned text (UTF-16 units) and its length there, separators included. */
  index: number;
  length: number;
  matched: string;
  /** The match with some text either side, whitespace folded. */
  context: string;
};

export type KeywordMatcherOptions = {
  /** Skip whitespace, zero-width characters and separator punctuation between keyword characters. Default true. */
  separatorTolerant?: boolean;
};

export type ScanOptions = { maxHits?: number; contextChars?: number };

export type KeywordMatcher = {
  scan(text: string, options?: ScanOptions): KeywordHit[];
  /** Categories whose domain tokens occur in the host name (lower-cased). */
  domainCategories(host: string): string[];
  readonly categories: readonly string[];
  readonly size: number;
};

const MAX_KEYWORD_LENGTH = 100;
const MAX_KEYWORDS = 50_000;

type Pattern = { category: string; keyword: string; length: number };

function normaliseKeyword(keyword: string, tolerant: boolean): number[] {
  const codes: number[] = [];
  for (let i = 0; i < keyword.length; i++) {
    const raw = keyword.charCodeAt(i);
    if (isZeroWidth(raw)) continue;
    const code = foldCode(raw);
    if (tolerant && isSeparatorCode(code)) continue;
    codes.push(code);
  }
  return codes;
}

/**
 * Aho-Corasick automaton over folded UTF-16 code units. The root keeps a dense table because most text
 * characters fall back to it; deeper states keep small maps.
 */
class Automaton {
  readonly rootNext = new Int32Array(65536);
  readonly next: Map<number, number>[] = [new Map()];
  readonly fail: number[] = [0];
  readonly outputs: number[][] = [[]];
  /** Nearest state on the failure chain that has outputs, or -1. */
  readonly dict: number[] = [-1];

  add(codes: readonly number[], patternId: number): void {
    let state = 0;
    for (const code of codes) {
      let target = state === 0 ? this.rootNext[code] || -1 : (this.next[state]?.get(code) ?? -1);
      if (target === -1) {
        target = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.outputs.push([]);
        this.dict.push(-1);
        if (state === 0) this.rootNext[code] = target;
        else this.next[state]?.set(code, target);
      }
      state = target;
    }
    this.outputs[state]?.push(patternId);
  }

  build(): void {
    const queue: number[] = [];
    for (const child of this.next[0]?.values() ?? []) queue.push(child);
    for (let code = 0; code < 65536; code++) {
      const child = this.rootNext[code] ?? 0;
      if (child > 0) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      const children = this.next[state];
      if (!children) continue;
      for (const [code, child] of children) {
        let f = this.fail[state] ?? 0;
        while (f !== 0 && !this.next[f]?.has(code)) f = this.fail[f] ?? 0;
        const target = f === 0 ? this.rootNext[code] || 0 : (this.next[f]?.get(code) ?? 0);
        const failTo = target === child ? 0 : target;
        this.fail[child] = failTo;
        this.dict[child] = (this.outputs[failTo]?.length ?? 0) > 0 ? failTo : (this.dict[failTo] ?? -1);
        queue.push(child);
      }
    }
  }

  step(state: number, code: number): number {
    let s = state;
    for (;;) {
      if (s === 0) return this.rootNext[code] || 0;
      const target = this.next[s]?.get(code);
      if (target !== undefined) return target;
      s = this.fail[s] ?? 0;
    }
  }
}

/** Builds a matcher for the given categories. Empty keywords (after folding) are ignored. */
export function createKeywordMatcher(
  categories: readonly KeywordCategoryInput[],
  options: KeywordMatcherOptions = {},
): KeywordMatcher {
  const tolerant = options.separatorTolerant ?? true;
  const automaton = new Automaton();
  const patterns: Pattern[] = [];
  const seen = new Set<string>();
  let maxLength = 1;
  for (const { category, keywords } of categories) {
    for (const keyword of keywords) {
      const codes = normaliseKeyword(keyword, tolerant);
      if (codes.length === 0) continue;
      if (codes.length > MAX_KEYWORD_LENGTH)
        throw new RangeError(`keyword longer than ${MAX_KEYWORD_LENGTH}: ${keyword}`);
      const key = `${category}\u0000${String.fromCharCode(...codes)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (patterns.length >= MAX_KEYWORDS) throw new RangeError(`more than ${MAX_KEYWORDS} keywords`);
      automaton.add(codes, patterns.length);
      patterns.push({ category, keyword, length: codes.length });
      maxLength = Math.max(maxLength, codes.length);
    }
  }
  automaton.build();
  const domainTokens = categories.flatMap(({ category, domainTokens: tokens }) =>
    (tokens ?? []).filter((t) => t.length > 0).map((token) => ({ category, token: token.toLowerCase() })),
  );

  function scan(text: string, scanOptions: ScanOptions = {}): KeywordHit[] {
    const maxHits = scanOptions.maxHits ?? 1000;
    const contextChars = scanOptions.contextChars ?? 20;
    const hits: KeywordHit[] = [];
    // Ring buffer: original index of each of the last maxLength folded characters.
    const ring = new Int32Array(maxLength);
    let folded = 0;
    let state = 0;
    for (let i = 0; i < text.length && hits.length < maxHits; i++) {
      const raw = text.charCodeAt(i);
      if (isZeroWidth(raw)) continue;
      const code = foldCode(raw);
      if (tolerant && isSeparatorCode(code)) continue;
      ring[folded % maxLength] = i;
      folded++;
      state = automaton.step(state, code);
      let out = (automaton.outputs[state]?.length ?? 0) > 0 ? state : (automaton.dict[state] ?? -1);
      while (out > 0 && hits.length < maxHits) {
        for (const id of automaton.outputs[out] ?? []) {
          const pattern = patterns[id];
          if (!pattern) continue;
          const start = ring[(folded - pattern.length) % maxLength] ?? i;
          const end = i + 1;
          hits.push({
            category: pattern.category,
            keyword: pattern.keyword,
            index: start,
            length: end - start,
            matched: text.slice(start, end),
            context: collapseWhitespace(text.slice(Math.max(0, start - contextChars), end + contextChars)),
          });
          if (hits.length >= maxHits) break;
        }
        out = automaton.dict[out] ?? -1;
      }
    }
    return hits;
  }

  function domainCategories(host: string): string[] {
    const lower = host.toLowerCase();
    return [
      ...new Set(domainTokens.filter(({ token }) => lower.includes(token)).map(({ category }) => category)),
    ];
  }

  return {
    scan,
    domainCategories,
    categories: [...new Set(categories.map((c) => c.category))],
    size: patterns.length,
  };
}

/** The shipped lists: gambling, pornography, fraud and phishing only. */
export function defaultKeywordCategories(): KeywordCategoryInput[] {
  return [gambling, pornography, fraud, phishing].map(({ category, keywords, domainTokens }) => ({
    category,
    keywords,
    domainTokens,
  }));
}

let defaultMatcher: KeywordMatcher | undefined;

/** The shipped categories plus any office-defined ones; without extras the matcher is built once and shared. */
export function createDefaultKeywordMatcher(
  extra: readonly KeywordCategoryInput[] = [],
  options: KeywordMatcherOptions = {},
): KeywordMatcher {
  if (extra.length === 0 && options.separatorTolerant === undefined) {
    defaultMatcher ??= createKeywordMatcher(defaultKeywordCategories());
    return defaultMatcher;
  }
  return createKeywordMatcher([...defaultKeywordCategories(), ...extra], options);
}
