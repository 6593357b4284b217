import { type Element, isTag } from 'domhandler';

/**
 * Just enough CSS for finding hidden content statically: parse style sheets into rules, match simple selectors
 * (tag, #id, .class, [attr], descendant and child combinators) and parse colours and lengths. Rules whose
 * selectors need state (:hover, :focus …) or sibling combinators are skipped: they do not apply to a page at rest.
 */

export type Declarations = Map<string, { value: string; important: boolean }>;

type Compound = {
  tag: string | null;
  id: string | null;
  classes: string[];
  attrs: { name: string; value: string | null }[];
};
export type ComplexSelector = {
  parts: Compound[];
  combinators: ('descendant' | 'child')[];
  specificity: number;
  text: string;
};
export type CssRule = { selector: ComplexSelector; declarations: Declarations; order: number };

export type ElementLike = Element;

const MAX_CSS_CHARS = 2_000_000;

export function parseDeclarations(text: string): Declarations {
  const result: Declarations = new Map();
  for (const chunk of text.split(';')) {
    const colon = chunk.indexOf(':');
    if (colon <= 0) continue;
    const name = chunk.slice(0, colon).trim().toLowerCase();
    let value = chunk.slice(colon + 1).trim();
    const important = /!\s*important\s*$/i.test(value);
    if (important) value = value.replace(/!\s*important\s*$/i, '').trim();
    if (!name || !value) continue;
    const existing = result.get(name);
    if (existing?.important && !important) continue;
    result.set(name, { value: value.toLowerCase(), important });
  }
  return result;
}

function parseCompound(text: string): Compound | null {
  const compound: Compound = { tag: null, id: null, classes: [], attrs: [] };
  const re =
    /^(\*|[a-zA-Z][\w-]*)|#([\w-]+)|\.([\w-]+)|\[\s*([\w-]+)\s*(?:[~|^$*]?=\s*["']?([^"'\]]*)["']?\s*)?\]|(::?[\w-]+(?:\([^)]*\))?)/g;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index !== consumed) return null;
    consumed = m.index + m[0].length;
    if (m[1]) compound.tag = m[1] === '*' ? null : m[1].toLowerCase();
    else if (m[2]) compound.id = m[2];
    else if (m[3]) compound.classes.push(m[3]);
    else if (m[4]) compound.attrs.push({ name: m[4].toLowerCase(), value: m[5] ?? null });
    else if (m[6]) return null; // pseudo-classes and pseudo-elements: not the page at rest
  }
  return consumed === text.length && text.length > 0 ? compound : null;
}

export function parseSelector(text: string): ComplexSelector | null {
  const trimmed = text.trim();
  if (!trimmed || /[+~]/.test(trimmed.replace(/\[[^\]]*\]/g, ''))) return null;
  const tokens = trimmed.replace(/\s*>\s*/g, ' > ').split(/\s+/);
  const parts: Compound[] = [];
  const combinators: ('descendant' | 'child')[] = [];
  let pending: 'descendant' | 'child' = 'descendant';
  let specificity = 0;
  for (const token of tokens) {
    if (token === '>') {
      pending = 'child';
      continue;
    }
    const compound = parseCompound(token);
    if (!compound) return null;
    if (parts.length > 0) combinators.push(pending);
    pending = 'descendant';
    parts.push(compound);
    specificity +=
      (compound.id ? 10000 : 0) +
      (compound.classes.length + compound.attrs.length) * 100 +
      (compound.tag ? 1 : 0);
  }
  if (parts.length === 0 || parts.length > 32) return null;
  return { parts, combinators, specificity, text: trimmed };
}

/** Parses a style sheet into one rule per selector, flattening @media (except print) and skipping other at-rules. */
export function parseStylesheet(css: string, startOrder = 0): CssRule[] {
  const text = css.slice(0, MAX_CSS_CHARS).replace(/\/\*[\s\S]*?(\*\/|$)/g, '');
  const rules: CssRule[] = [];
  let order = startOrder;
  let i = 0;
  const parseBlock = (depth: number): void => {
    while (i < text.length) {
      const open = text.indexOf('{', i);
      const close = text.indexOf('}', i);
      if (close !== -1 && (open === -1 || close < open)) {
        i = close + 1;
        if (depth > 0) return;
        continue;
      }
      if (open === -1) {
        i = text.length;
        return;
      }
      const prelude = text.slice(i, open).trim();
      i = open + 1;
      if (prelude.startsWith('@')) {
        const nested = /^@(media|supports|layer|container)\b/i.test(prelude) && !/\bprint\b/i.test(prelude);
        if (nested && depth < 8) parseBlock(depth + 1);
        else skipBlock();
        continue;
      }
      const end = text.indexOf('}', i);
      const body = end === -1 ? text.slice(i) : text.slice(i, end);
      i = end === -1 ? text.length : end + 1;
      const declarations = parseDeclarations(body);
      if (declarations.size === 0) continue;
      for (const part of prelude.split(',')) {
        const selector = parseSelector(part);
        if (selector) rules.push({ selector, declarations, order: order++ });
      }
    }
  };
  const skipBlock = (): void => {
    let depth = 1;
    while (i < text.length && depth > 0) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
  };
  parseBlock(0);
  return rules;
}

const classCache = new WeakMap<ElementLike, Set<string>>();

function classSet(el: ElementLike): Set<string> {
  let set = classCache.get(el);
  if (!set) {
    const value = el.attribs.class;
    set = new Set(value ? value.split(/\s+/).filter(Boolean) : []);
    classCache.set(el, set);
  }
  return set;
}

function matchesCompound(el: ElementLike, compound: Compound): boolean {
  if (compound.tag && compound.tag !== el.name) return false;
  if (compound.id && el.attribs.id !== compound.id) return false;
  if (compound.classes.length > 0) {
    const classes = classSet(el);
    for (const c of compound.classes) if (!classes.has(c)) return false;
  }
  for (const attr of compound.attrs) {
    const value = el.attribs[attr.name];
    if (value === undefined) return false;
    if (attr.value !== null && value !== attr.value) return false;
  }
  return true;
}

function parentElement(el: ElementLike): ElementLike | null {
  const parent = el.parent;
  return parent && isTag(parent) ? parent : null;
}

function matchFrom(el: ElementLike, selector: ComplexSelector, index: number): boolean {
  const compound = selector.parts[index];
  if (!compound || !matchesCompound(el, compound)) return false;
  if (index === 0) return true;
  const combinator = selector.combinators[index - 1];
  let ancestor = parentElement(el);
  if (combinator === 'child') return ancestor !== null && matchFrom(ancestor, selector, index - 1);
  while (ancestor) {
    if (matchFrom(ancestor, selector, index - 1)) return true;
    ancestor = parentElement(ancestor);
  }
  return false;
}

export function selectorMatches(el: ElementLike, selector: ComplexSelector): boolean {
  return matchFrom(el, selector, selector.parts.length - 1);
}

/** Bloom filter of ancestors' tags, ids and classes (256 bits), as browsers use to reject descendant selectors fast. */
const BLOOM_WORDS = 8;

function featureBit(feature: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) h = Math.imul(h ^ feature.charCodeAt(i), 0x01000193);
  return (h >>> 0) % (BLOOM_WORDS * 32);
}

function compoundBits(compound: Compound): number[] {
  return [
    ...(compound.tag ? [featureBit(`t:${compound.tag}`)] : []),
    ...(compound.id ? [featureBit(`#${compound.id}`)] : []),
    ...compound.classes.map((c) => featureBit(`.${c}`)),
  ];
}

function withFeatures(bloom: Uint32Array, node: ElementLike): Uint32Array {
  const next = bloom.slice();
  const set = (bit: number) => {
    next[bit >>> 5] = (next[bit >>> 5] ?? 0) | (1 << (bit & 31));
  };
  set(featureBit(`t:${node.name}`));
  if (node.attribs.id) set(featureBit(`#${node.attribs.id}`));
  for (const c of classSet(node)) set(featureBit(`.${c}`));
  return next;
}

type IndexedRule = { rule: CssRule; ancestorBits: number[] };

/** Rules bucketed by the key of their rightmost compound, so an element only tests rules that could match it. */
export class RuleIndex {
  readonly byId = new Map<string, IndexedRule[]>();
  readonly byClass = new Map<string, IndexedRule[]>();
  readonly byTag = new Map<string, IndexedRule[]>();
  readonly universal: IndexedRule[] = [];
  readonly blooms = new WeakMap<ElementLike, Uint32Array>();
  count = 0;

  add(rules: readonly CssRule[]): void {
    for (const rule of rules) {
      const parts = rule.selector.parts;
      const last = parts[parts.length - 1];
      if (!last) continue;
      this.count++;
      const indexed = { rule, ancestorBits: parts.slice(0, -1).flatMap(compoundBits) };
      if (last.id) push(this.byId, last.id, indexed);
      else if (last.classes[0]) push(this.byClass, last.classes[0], indexed);
      else if (last.tag) push(this.byTag, last.tag, indexed);
      else this.universal.push(indexed);
    }
  }

  /** The ancestor filter of an element, computed from its parent's (iteratively: pages nest deeply). */
  private ancestorBloom(el: ElementLike): Uint32Array {
    const cached = this.blooms.get(el);
    if (cached) return cached;
    const chain: ElementLike[] = [];
    let cursor: ElementLike | null = el;
    let bloom: Uint32Array = new Uint32Array(BLOOM_WORDS);
    while (cursor) {
      const known = this.blooms.get(cursor);
      if (known) {
        bloom = withFeatures(known, cursor);
        break;
      }
      chain.push(cursor);
      cursor = parentElement(cursor);
    }
    // chain runs from el up to the topmost element without a filter; fill it top-down.
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i];
      if (!node) continue;
      this.blooms.set(node, bloom);
      if (i > 0) bloom = withFeatures(bloom, node);
    }
    return this.blooms.get(el) ?? bloom;
  }

  /** Matching rules in cascade order (specificity, then source order). */
  matching(el: ElementLike): CssRule[] {
    const matched: CssRule[] = [];
    if (this.count === 0) return matched;
    this.collect(el, this.universal, matched);
    this.collect(el, this.byTag.get(el.name), matched);
    const id = el.attribs.id;
    if (id) this.collect(el, this.byId.get(id), matched);
    if (el.attribs.class) for (const c of classSet(el)) this.collect(el, this.byClass.get(c), matched);
    if (matched.length > 1)
      matched.sort((a, b) => a.selector.specificity - b.selector.specificity || a.order - b.order);
    return matched;
  }

  private collect(el: ElementLike, list: readonly IndexedRule[] | undefined, out: CssRule[]): void {
    if (!list) return;
    let bloom: Uint32Array | null = null;
    for (const { rule, ancestorBits } of list) {
      if (ancestorBits.length > 0) {
        bloom ??= this.ancestorBloom(el);
        let possible = true;
        for (const bit of ancestorBits) {
          if ((((bloom[bit >>> 5] ?? 0) >>> (bit & 31)) & 1) === 0) {
            possible = false;
            break;
          }
        }
        if (!possible) continue;
      }
      if (selectorMatches(el, rule.selector) && !out.includes(rule)) out.push(rule);
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A length in CSS pixels (px, em/rem at 16px, pt); null for percentages, auto and unknown units. */
export function parseLengthPx(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^(-?\d*\.?\d+)(px|em|rem|pt|vw|vh)?$/.exec(value.trim());
  if (!m?.[1]) return null;
  const n = Number.parseFloat(m[1]);
  switch (m[2]) {
    case undefined:
    case 'px':
      return n;
    case 'em':
    case 'rem':
      return n * 16;
    case 'pt':
      return (n * 4) / 3;
    default:
      return n * 10;
  }
}
