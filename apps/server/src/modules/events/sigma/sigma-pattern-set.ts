// Long value lists (hash lists, hundreds of tool names, emoji sets) compiled into one test: exact values
// in a Set, prefixes and suffixes in Sets per length, and contained literals found in one pass over the
// value keyed by their first two characters, instead of hundreds of separate string searches.
import { compilePattern, type Pattern, type StringTest } from './sigma-pattern.ts';

function byLength(texts: string[]): { lengths: number[]; sets: Map<number, Set<string>> } {
  const sets = new Map<number, Set<string>>();
  for (const t of texts) {
    const set = sets.get(t.length) ?? new Set<string>();
    sets.set(t.length, set);
    set.add(t);
  }
  return { lengths: [...sets.keys()].sort((a, b) => a - b), sets };
}

function containsAny(literals: string[]): StringTest {
  if (literals.some((l) => l === '')) return () => true;
  // Exact membership by first character (one byte per UTF-16 unit), then candidates by first two.
  const single = new Uint8Array(65536);
  const first = new Uint8Array(65536);
  const second = new Uint8Array(65536);
  const pairs = new Map<string, string[]>();
  for (const l of literals) {
    if (l.length === 1) single[l.charCodeAt(0)] = 1;
    else {
      first[l.charCodeAt(0)] = 1;
      second[l.charCodeAt(1)] = 1;
      const key = l.slice(0, 2);
      const list = pairs.get(key);
      if (list) list.push(l);
      else pairs.set(key, [l]);
    }
  }
  return (v) => {
    const n = v.length;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (single[c] === 1) return true;
      if (first[c] === 1 && i + 1 < n && second[v.charCodeAt(i + 1)] === 1) {
        const list = pairs.get(v.slice(i, i + 2));
        if (list) for (const l of list) if (v.startsWith(l, i)) return true;
      }
    }
    return false;
  };
}

/** One test for many patterns (any of them); patterns with inner wildcards keep their own test. */
export function compilePatternSet(patterns: readonly Pattern[]): StringTest {
  const exact: string[] = [];
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const contained: string[] = [];
  const others: StringTest[] = [];
  for (const p of patterns) {
    const [a, b, c] = p;
    if (p.length === 0) exact.push('');
    else if (p.length === 1 && a?.kind === 'lit') exact.push(a.text);
    else if (p.length === 2 && a?.kind === 'lit' && b?.kind === 'star') prefixes.push(a.text);
    else if (p.length === 2 && a?.kind === 'star' && b?.kind === 'lit') suffixes.push(b.text);
    else if (p.length === 3 && a?.kind === 'star' && b?.kind === 'lit' && c?.kind === 'star')
      contained.push(b.text);
    else others.push(compilePattern(p));
  }
  const tests: StringTest[] = [];
  if (exact.length) {
    const set = new Set(exact);
    tests.push((v) => set.has(v));
  }
  if (prefixes.length) {
    const { lengths, sets } = byLength(prefixes);
    tests.push((v) => {
      for (const len of lengths) {
        if (len > v.length) break;
        if (sets.get(len)?.has(v.slice(0, len))) return true;
      }
      return false;
    });
  }
  if (suffixes.length) {
    const { lengths, sets } = byLength(suffixes);
    tests.push((v) => {
      for (const len of lengths) {
        if (len > v.length) break;
        if (sets.get(len)?.has(v.slice(v.length - len))) return true;
      }
      return false;
    });
  }
  if (contained.length) tests.push(containsAny(contained));
  tests.push(...others);
  return (v) => {
    for (const t of tests) if (t(v)) return true;
    return false;
  };
}
