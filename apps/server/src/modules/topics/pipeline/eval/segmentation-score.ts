// Word segmentation F1: precision and recall of predicted word spans against gold spans, ignoring
// whitespace and punctuation tokens (they are not words and every segmenter splits them alike).
import type { Segmenter } from '../segment.ts';

const WORD = /[\p{L}\p{N}]/u;

function spans(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  let at = 0;
  for (const token of tokens) {
    if (WORD.test(token)) out.add(`${at}:${at + token.length}`);
    at += token.length;
  }
  return out;
}

export interface SegmentationScore {
  precision: number;
  recall: number;
  f1: number;
  characters: number;
}

/** Scores a segmenter on gold sentences whose words are separated by single spaces. */
export function scoreSegmentation(segmenter: Segmenter, gold: readonly string[]): SegmentationScore {
  let correct = 0;
  let predicted = 0;
  let expected = 0;
  let characters = 0;
  for (const sentence of gold) {
    const words = sentence.split(' ').filter((w) => w.length > 0);
    const text = words.join('');
    characters += text.length;
    const want = spans(words);
    const got = spans(segmenter.cut(text));
    for (const s of got) if (want.has(s)) correct++;
    predicted += got.size;
    expected += want.size;
  }
  const precision = predicted ? correct / predicted : 0;
  const recall = expected ? correct / expected : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, characters };
}
