import { createDefaultKeywordMatcher, type KeywordMatcher } from './keyword-matcher.ts';
import { hostOf, isSameSite } from './links.ts';
import { buildPageModel, type PageModel } from './page-model.ts';

/**
 * Defacement baselines. A snapshot keeps what a page shows with volatile tokens masked (digits — dates, times,
 * counters, view counts — and weekdays), split into static lines and link-dominated lines: rotating news
 * lists change link text, so link lines weigh little, while replaced static text, a new structure, a new
 * script or iframe, a new suspicious outbound domain or new illegal keywords outside links count. Snapshots
 * are plain JSON for storage as a baseline.
 */

export type PageSnapshot = {
  version: 1;
  pageUrl: string;
  title: string;
  visibleText: string;
  staticLines: string[];
  linkLines: string[];
  /** 64-bit SimHash of the masked visible text, hex. */
  simhash: string;
  /** Bottom-k sketches of 4-character shingle hashes, for Jaccard estimates. */
  staticSketch: number[];
  linkSketch: number[];
  /** Histogram of parent>child tag pairs. */
  structure: Record<string, number>;
  scripts: string[];
  inlineScripts: string[];
  riskyInlineScripts: string[];
  iframes: string[];
  outboundDomains: string[];
  suspiciousDomains: string[];
  images: string[];
  /** "category:keyword" found in the title, meta text or static lines. */
  keywords: string[];
};

export type SnapshotComparison = {
  changed: boolean;
  /** 0 (same) … 1 (entirely different) by text, structure and link text. */
  score: number;
  reasons: string[];
  textSimilarity: number;
  linkTextSimilarity: number;
  structureSimilarity: number;
  simhashDistance: number;
  diff: { added: string[]; removed: string[]; text: string };
  newScripts: string[];
  newInlineScripts: number;
  newIframes: string[];
  newDomains: string[];
  newSuspiciousDomains: string[];
  newKeywords: string[];
};

const SKETCH_SIZE = 256;
const MAX_LINES = 3000;
const MAX_LIST = 500;
const HACK_MARKERS = /hacked\s*by|defaced\s*by|owned\s*by|pwned\s*by|h4ck(ed)?|被黑|黑客入侵/i;

/** Masks what changes on every load without being a change of content. */
export function maskVolatile(text: string): string {
  return text
    .replace(/[0-9０-９]+/g, '#')
    .replace(/(星期|礼拜|周)[一二三四五六日天]/g, '$1#')
    .replace(/\b(mon|tues|wednes|thurs|fri|satur|sun)day\b/gi, '#')
    .replace(
      /[〇零一二三四五六七八九十]{2,4}年[一二三四五六七八九十]{1,2}月([一二三四五六七八九十]{1,3}日)?/g,
      '#年#月#日',
    );
}

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function shingles(text: string): string[] {
  const compact = text.replace(/\s+/g, '');
  if (compact.length <= 4) return compact ? [compact] : [];
  const out: string[] = [];
  for (let i = 0; i + 4 <= compact.length; i++) out.push(compact.slice(i, i + 4));
  return out;
}

function sketch(text: string): number[] {
  const hashes = new Set<number>();
  for (const s of shingles(text)) hashes.add(fnv1a(s, 0x811c9dc5));
  return [...hashes].sort((a, b) => a - b).slice(0, SKETCH_SIZE);
}

/** Jaccard estimate from two bottom-k sketches; two empty texts are identical. */
export function sketchSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const setA = new Set(a);
  const setB = new Set(b);
  const union = [...new Set([...a, ...b])].sort((x, y) => x - y).slice(0, Math.max(a.length, b.length));
  const both = union.filter((h) => setA.has(h) && setB.has(h)).length;
  return both / union.length;
}

function simhash(text: string): string {
  const weights = new Array<number>(64).fill(0);
  // Unique shingles only, and a bounded number of them: enough for a fingerprint, cheap on long pages.
  for (const s of [...new Set(shingles(text))].slice(0, 20_000)) {
    const hi = fnv1a(s, 0x811c9dc5);
    const lo = fnv1a(s, 0x2b5a5f3d);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit] = (weights[bit] ?? 0) + ((hi >>> bit) & 1 ? 1 : -1);
      weights[bit + 32] = (weights[bit + 32] ?? 0) + ((lo >>> bit) & 1 ? 1 : -1);
    }
  }
  let out = '';
  for (let nibble = 15; nibble >= 0; nibble--) {
    let v = 0;
    for (let b = 3; b >= 0; b--) v = (v << 1) | ((weights[nibble * 4 + b] ?? 0) > 0 ? 1 : 0);
    out += v.toString(16);
  }
  return out;
}

function hammingHex(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    let x = Number.parseInt(a[i] ?? '0', 16) ^ Number.parseInt(b[i] ?? '0', 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}

/** host + path with digit and hash-like runs masked, so cache-busting versions do not look new. */
function resourceKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname.replace(/[0-9a-f]{8,}|\d+/gi, '#')}`;
  } catch {
    return url.slice(0, 200);
  }
}

const sortedUnique = (items: Iterable<string>): string[] => [...new Set(items)].sort().slice(0, MAX_LIST);

export function snapshotFromModel(
  model: PageModel,
  matcher: KeywordMatcher = createDefaultKeywordMatcher(),
): PageSnapshot {
  const staticLines: string[] = [];
  const linkLines: string[] = [];
  for (const line of model.lines.slice(0, MAX_LINES)) {
    const masked = maskVolatile(line.text);
    if (line.linkChars * 2 >= line.text.length) linkLines.push(masked);
    else staticLines.push(masked);
  }
  const pageHost = hostOf(model.pageUrl) ?? '';
  const outbound = new Set<string>();
  const suspicious = new Set<string>();
  for (const link of model.links) {
    const host = hostOf(link.href);
    if (!host || isSameSite(host, pageHost)) continue;
    outbound.add(host);
    if (
      matcher.domainCategories(host).length > 0 ||
      matcher.scan(`${link.text} ${link.title}`, { maxHits: 1 }).length > 0
    ) {
      suspicious.add(host);
    }
  }
  const keywordText = `${model.metaText}\n${staticLines.join('\n')}`;
  const visible = maskVolatile(model.visibleText);
  return {
    version: 1,
    pageUrl: model.pageUrl,
    title: maskVolatile(model.title),
    visibleText: visible.slice(0, 200_000),
    staticLines,
    linkLines,
    simhash: simhash(visible),
    staticSketch: sketch(staticLines.join('\n')),
    linkSketch: sketch(linkLines.join('\n')),
    structure: model.structure,
    scripts: sortedUnique(model.scripts.flatMap((s) => (s.src ? [resourceKey(s.src)] : []))),
    inlineScripts: sortedUnique(model.scripts.flatMap((s) => (s.inlineHash ? [s.inlineHash] : []))),
    riskyInlineScripts: sortedUnique(
      model.scripts.flatMap((s) => (s.inlineHash && s.risky ? [s.inlineHash] : [])),
    ),
    iframes: sortedUnique(model.iframes.map((f) => resourceKey(f.src))),
    outboundDomains: sortedUnique(outbound),
    suspiciousDomains: sortedUnique(suspicious),
    images: sortedUnique(model.images.map(resourceKey)),
    keywords: sortedUnique(
      matcher.scan(keywordText, { maxHits: 200 }).map((h) => `${h.category}:${h.keyword}`),
    ),
  };
}

/** Snapshot of a page for defacement baselines. */
export function snapshotPage(html: string, pageUrl: string, matcher?: KeywordMatcher): PageSnapshot {
  return snapshotFromModel(buildPageModel(html, pageUrl), matcher);
}

function structureSimilarity(a: Record<string, number>, b: Record<string, number>): number {
  let min = 0;
  let max = 0;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key] ?? 0;
    const y = b[key] ?? 0;
    min += Math.min(x, y);
    max += Math.max(x, y);
  }
  return max === 0 ? 1 : min / max;
}

/** Lines of `a` not matched by a line of `b`, counting duplicates (order of `a` kept). */
function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of b) counts.set(line, (counts.get(line) ?? 0) + 1);
  const out: string[] = [];
  for (const line of a) {
    const n = counts.get(line) ?? 0;
    if (n > 0) counts.set(line, n - 1);
    else out.push(line);
  }
  return out;
}

const minus = (a: readonly string[], b: readonly string[]) => {
  const set = new Set(b);
  return a.filter((x) => !set.has(x));
};

export type CompareOptions = {
  /** Score at or above which content counts as changed. Default 0.35. */
  threshold?: number;
};

/** Compares a page against its baseline (see the module comment for what counts). */
export function compareSnapshots(
  baseline: PageSnapshot,
  current: PageSnapshot,
  options: CompareOptions = {},
): SnapshotComparison {
  const threshold = options.threshold ?? 0.35;
  const textSimilarity = sketchSimilarity(baseline.staticSketch, current.staticSketch);
  const linkTextSimilarity = sketchSimilarity(baseline.linkSketch, current.linkSketch);
  const structure = structureSimilarity(baseline.structure, current.structure);
  const score = Math.min(
    1,
    Math.max(0, 0.5 * (1 - textSimilarity) + 0.3 * (1 - structure) + 0.2 * (1 - linkTextSimilarity)),
  );
  const baseLines = [...baseline.staticLines, ...baseline.linkLines];
  const currentLines = [...current.staticLines, ...current.linkLines];
  const added = multisetMinus(currentLines, baseLines).slice(0, 200);
  const removed = multisetMinus(baseLines, currentLines).slice(0, 200);
  const newScripts = minus(current.scripts, baseline.scripts);
  const newInlineScripts = minus(current.riskyInlineScripts, baseline.inlineScripts).length;
  const newIframes = minus(current.iframes, baseline.iframes);
  const newDomains = minus(current.outboundDomains, baseline.outboundDomains);
  const newSuspiciousDomains = minus(current.suspiciousDomains, baseline.suspiciousDomains);
  const newKeywords = minus(current.keywords, baseline.keywords);
  const reasons: string[] = [];
  if (score >= threshold) reasons.push('content_changed');
  if (newScripts.length > 0) reasons.push('new_script');
  if (newInlineScripts > 0) reasons.push('new_inline_script');
  if (newIframes.length > 0) reasons.push('new_iframe');
  if (newSuspiciousDomains.length > 0) reasons.push('new_suspicious_domain');
  if (newKeywords.length > 0) reasons.push('new_illegal_keywords');
  if (added.some((line) => HACK_MARKERS.test(line))) reasons.push('hack_marker');
  const changed = reasons.length > 0;
  if (baseline.title !== current.title) reasons.push('title_changed');
  if (newDomains.length > 0) reasons.push('new_outbound_domain');
  const text = [...removed.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`)].join('\n');
  return {
    changed,
    score: Math.round(score * 1000) / 1000,
    reasons,
    textSimilarity,
    linkTextSimilarity,
    structureSimilarity: structure,
    simhashDistance: hammingHex(baseline.simhash, current.simhash),
    diff: { added, removed, text },
    newScripts,
    newInlineScripts,
    newIframes,
    newDomains,
    newSuspiciousDomains,
    newKeywords,
  };
}
