// Stage 2: Chinese word segmentation with jieba's dictionary plus a domain dictionary (shipped words,
// the jurisdiction's place names and an office's own words), then the terms that carry a topic.
import { Jieba } from '@node-rs/jieba';
import { dict, idf as idfFile } from '@node-rs/jieba/dict.js';
import { DOMAIN_WORDS, MEANINGFUL_SINGLE_CHARS, STOP_WORDS } from './lexicon.ts';

export interface SegmenterOptions {
  /** Extra dictionary words (place names, an office's own terms); each becomes one token. */
  words?: readonly string[];
  /** Leave out the shipped domain dictionary (to measure what it adds). */
  withoutDomainWords?: boolean;
  /** jieba's HMM for words missing from the dictionaries (slower, better on unknown names). Default true. */
  hmm?: boolean;
}

export interface Segmenter {
  /** Every token jieba produces, spaces and punctuation included (for measuring segmentation). */
  cut(text: string): string[];
  /** The topic-bearing terms of a normalised text: no stop words, punctuation, numbers or lone characters. */
  terms(text: string): string[];
}

// Dictionary words are given a high frequency so that they win over jieba's own splits.
const DOMAIN_WORD_FREQUENCY = 200_000;
const HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/u;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const DIGITS = /^[\p{N}.,:%-]+$/u;
const MAX_WORD_LENGTH = 40;

/** Cleans a list of dictionary words: trimmed, no spaces inside, 2–40 characters, deduplicated. */
export function cleanDictionaryWords(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of words) {
    const word = raw.normalize('NFKC').trim().toLowerCase();
    if (word.length >= 2 && word.length <= MAX_WORD_LENGTH && !/\s/u.test(word)) out.add(word);
  }
  return [...out];
}

/** Builds a segmenter. Loading jieba's dictionary takes a few hundred milliseconds: build one and reuse it. */
export function createSegmenter(options: SegmenterOptions = {}): Segmenter {
  const jieba = Jieba.withDict(dict);
  const words = cleanDictionaryWords([
    ...(options.withoutDomainWords ? [] : DOMAIN_WORDS),
    ...(options.words ?? []),
  ]);
  if (words.length > 0) {
    jieba.loadDict(Buffer.from(words.map((w) => `${w} ${DOMAIN_WORD_FREQUENCY} n`).join('\n')));
  }
  const hmm = options.hmm ?? true;
  const stop = new Set(STOP_WORDS);
  const singles = new Set(MEANINGFUL_SINGLE_CHARS);

  function keep(token: string): boolean {
    if (token.length === 0 || stop.has(token) || !HAS_WORD_CHAR.test(token)) return false;
    if (DIGITS.test(token)) return false;
    if (token.length === 1) return singles.has(token);
    return true;
  }

  return {
    cut(text) {
      return text.length === 0 ? [] : jieba.cut(text, hmm);
    },
    terms(text) {
      const out: string[] = [];
      // Hosts (what normalisation left of a URL) stay whole; jieba would split them at the dots.
      for (const chunk of text.split(' ')) {
        if (chunk.length === 0) continue;
        if (HOST.test(chunk)) {
          out.push(chunk);
          continue;
        }
        for (const token of jieba.cut(chunk, hmm)) if (keep(token)) out.push(token);
      }
      return out;
    },
  };
}

let sharedIdf: { table: Map<string, number>; median: number } | null = null;

/**
 * Inverse document frequencies from jieba's general-language table (about 270,000 words): how rare a
 * word is in ordinary text. Words it lacks get the median, as jieba's own keyword extractor does.
 */
export function generalIdf(): { get(term: string): number; median: number } {
  if (!sharedIdf) {
    const table = new Map<string, number>();
    const values: number[] = [];
    for (const line of Buffer.from(idfFile).toString('utf8').split('\n')) {
      const space = line.lastIndexOf(' ');
      if (space <= 0) continue;
      const value = Number(line.slice(space + 1));
      if (!Number.isFinite(value)) continue;
      table.set(line.slice(0, space), value);
      values.push(value);
    }
    values.sort((a, b) => a - b);
    sharedIdf = { table, median: values[Math.floor(values.length / 2)] ?? 10 };
  }
  const { table, median } = sharedIdf;
  return { get: (term) => table.get(term) ?? median, median };
}
