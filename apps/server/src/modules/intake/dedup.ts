import { createHash } from 'node:crypto';

/**
 * Near-duplicate grouping at intake.
 *
 * Same URL: URLs are normalised (scheme and host lower-cased, "www." and default ports dropped, fragment and
 * tracking parameters removed, parameters sorted, trailing slash dropped) and compared by hash.
 *
 * Near-identical text: MinHash over character bigrams with LSH banding, then the exact bigram Jaccard of
 * the candidates. A 64-bit SimHash (the topic pipeline's) was measured first: after 10% of characters are
 * edited its distance is 11–17 bits at the median while unrelated texts sit at 19–25, so no threshold
 * separates them; bigram Jaccard after 10% edits stays near 0.65 against under 0.1 for unrelated texts.
 */

const TRACKING_PARAMS = /^(utm_\w+|spm|from|share_token|fbclid|gclid)$/i;

/** The URL in comparable form, or null when it is not an http(s) URL. */
export function normaliseUrl(raw: string): string | null {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  if (!host) return null;
  const params = [...url.searchParams.entries()]
    .filter(([k]) => !TRACKING_PARAMS.test(k))
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = url.pathname.replace(/\/+$/, '') || '';
  // http and https serve the same content as far as a report is concerned.
  return `${host}${url.port ? `:${url.port}` : ''}${path}${query}`;
}

export function urlKey(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

/** Text reduced to what matters for duplicates: NFKC, lower case, no spaces or punctuation. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/**
 * The character bigrams of a text, each as one number (first code point × 0x110000 + second), which
 * hashes and compares faster than a two-character string.
 */
export function bigrams(text: string): Set<number> {
  const norm = normaliseText(text);
  const grams = new Set<number>();
  let prev = -1;
  for (let i = 0; i < norm.length; i++) {
    const cp = norm.codePointAt(i) ?? 0;
    if (cp > 0xffff) i++; // the low surrogate of an astral character
    if (prev >= 0) grams.add(prev * 0x110000 + cp);
    prev = cp;
  }
  return grams;
}

export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) shared += 1;
  return shared / (a.size + b.size - shared);
}

const FNV_PRIME = 0x01000193;

/** One UTF-16 code unit into a 32-bit FNV-1a state. */
const fnvUnit = (h: number, unit: number) => Math.imul(h ^ unit, FNV_PRIME);

/** A code point's UTF-16 code units (two for an astral character) into an FNV-1a state. */
function fnvCodePoint(h: number, cp: number): number {
  if (cp < 0x10000) return fnvUnit(h, cp);
  const v = cp - 0x10000;
  return fnvUnit(fnvUnit(h, 0xd800 + (v >> 10)), 0xdc00 + (v & 0x3ff));
}

/**
 * FNV-1a of a bigram's two characters as UTF-16 code units: the hash of the two-character string, which
 * the stored band keys were made with, so keys stay comparable with those already in the database.
 */
function fnv1aOfBigram(gram: number): number {
  const first = Math.floor(gram / 0x110000);
  return fnvCodePoint(fnvCodePoint(0x811c9dc5, first), gram - first * 0x110000) >>> 0;
}

/** murmur3's finaliser over x ^ seed: one cheap, well-mixed hash function per seed. */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 16 bands of 2 rows: texts with bigram Jaccard 0.6 share a band with probability 1 - (1 - 0.36)^16 > 0.999. */
export const BANDS = 16;
const ROWS = 2;
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => mix(i + 1, 0x9e3779b9));

/**
 * A stored case is a candidate only when it shares at least this many bands. Two texts with bigram Jaccard J
 * share each band with probability J², so at 10% of characters changed (J ≈ 0.65) they share fewer than two of
 * 16 bands with probability 0.2% (under one: 0.01%), and at the suggestion threshold (J = 0.5) 6%; unrelated
 * texts that share one band through a common phrase (most of every lookup's candidates, each costing a bigram
 * set and a Jaccard) are dropped before their text is read.
 */
export const MIN_SHARED_BANDS = 2;
/** Texts shorter than this (in bigrams) are not compared: too little to call a duplicate. */
export const MIN_BIGRAMS = 8;
/** Bigram Jaccard at or above which a text is suggested as a duplicate. */
export const SIMILAR_TEXT_THRESHOLD = 0.5;

/** Band b's keys are b × BAND_SPAN plus a 32-bit hash. */
const BAND_SPAN = 2 ** 32;

/**
 * The LSH band keys of a text, empty when it is too short to compare: band × 2³² + the band's 32-bit hash, one
 * integer per band (at most 16 × 2³², exact in a double and a 64-bit column). Integers rather than the
 * "band:hex" text first stored (migration 2026-11-23T2000 converted those, same hashes): the band table is a
 * third of the size and an index seek half the time.
 */
export function bandKeys(grams: ReadonlySet<number>): number[] {
  if (grams.size < MIN_BIGRAMS) return [];
  const mins = new Uint32Array(SEEDS.length).fill(0xffffffff);
  for (const g of grams) {
    const base = fnv1aOfBigram(g);
    for (let i = 0; i < SEEDS.length; i++) {
      const h = mix(base, SEEDS[i] ?? 0);
      if (h < (mins[i] ?? 0)) mins[i] = h;
    }
  }
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++)
    keys.push(b * BAND_SPAN + mix(mins[b * ROWS] ?? 0, mins[b * ROWS + 1] ?? 0));
  return keys;
}
