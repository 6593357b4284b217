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

function classList(el: ElementLike): string[] {
  const value = el.attribs.class;
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

function matchesCompound(el: ElementLike, compound: Compound): boolean {
  if (compound.tag && compound.tag !== el.name) return false;
  if (compound.id && el.attribs.id !== compound.id) return false;
  if (compound.classes.length > 0) {
    const classes = classList(el);
    if (!compound.classes.every((c) => classes.includes(c))) return false;
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

/** Rules bucketed by the key of their rightmost compound, so an element only tests rules that could match it. */
export class RuleIndex {
  readonly byId = new Map<string, CssRule[]>();
  readonly byClass = new Map<string, CssRule[]>();
  readonly byTag = new Map<string, CssRule[]>();
  readonly universal: CssRule[] = [];
  count = 0;

  add(rules: readonly CssRule[]): void {
    for (const rule of rules) {
      const last = rule.selector.parts[rule.selector.parts.length - 1];
      if (!last) continue;
      this.count++;
      if (last.id) push(this.byId, last.id, rule);
      else if (last.classes[0]) push(this.byClass, last.classes[0], rule);
      else if (last.tag) push(this.byTag, last.tag, rule);
      else this.universal.push(rule);
    }
  }

  /** Matching rules in cascade order (specificity, then source order). */
  matching(el: ElementLike): CssRule[] {
    if (this.count === 0) return [];
    const candidates: CssRule[] = [...this.universal, ...(this.byTag.get(el.name) ?? [])];
    const id = el.attribs.id;
    if (id) candidates.push(...(this.byId.get(id) ?? []));
    for (const c of classList(el)) candidates.push(...(this.byClass.get(c) ?? []));
    const matched = candidates.filter((rule) => selectorMatches(el, rule.selector));
    matched.sort((a, b) => a.selector.specificity - b.selector.specificity || a.order - b.order);
    return matched;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const NAMED_COLOURS: Record<string, [number, number, number]> = {
  white: [255, 255, 255],
  black: [0, 0, 0],
  red: [255, 0, 0],
  green: [0, 128, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
  gray: [128, 128, 128],
  grey: [128, 128, 128],
  silver: [192, 192, 192],
  maroon: [128, 0, 0],
  purple: [128, 0, 128],
  fuchsia: [255, 0, 255],
  lime: [0, 255, 0],
  olive: [128, 128, 0],
  navy: [0, 0, 128],
  teal: [0, 128, 128],
  aqua: [0, 255, 255],
  orange: [255, 165, 0],
  snow: [255, 250, 250],
  whitesmoke: [245, 245, 245],
  ivory: [255, 255, 240],
  ghostwhite: [248, 248, 255],
  azure: [240, 255, 255],
  lightgray: [211, 211, 211],
  lightgrey: [211, 211, 211],
  darkgray: [169, 169, 169],
  darkgrey: [169, 169, 169],
  gainsboro: [220, 220, 220],
  beige: [245, 245, 220],
  linen: [250, 240, 230],
  darkred: [139, 0, 0],
};

export type Rgb = { r: number; g: number; b: number; a: number };

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/** Parses a CSS colour (named, #rgb[a], #rrggbb[aa], rgb[a](), hsl[a]()); null when unknown. */
export function parseColour(input: string): Rgb | null {
  const value = input.trim().toLowerCase();
  if (value === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const named = NAMED_COLOURS[value];
  if (named) return { r: named[0], g: named[1], b: named[2], a: 1 };
  const hex = /^#([0-9a-f]{3,8})$/.exec(value)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? Array.from(hex, (c) => c + c).join('') : hex;
    if (full.length !== 6 && full.length !== 8) return null;
    const n = (i: number) => Number.parseInt(full.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^(rgba?|hsla?)\(([^)]*)\)$/.exec(value);
  if (!fn?.[1] || fn[2] === undefined) return null;
  const args = fn[2].split(/[\s,/]+/).filter(Boolean);
  const num = (s: string | undefined, scale: number) =>
    s === undefined
      ? Number.NaN
      : s.endsWith('%')
        ? (Number.parseFloat(s) / 100) * scale
        : Number.parseFloat(s);
  const alpha = args[3] === undefined ? 1 : num(args[3], 1);
  if (fn[1].startsWith('rgb')) {
    const [r, g, b] = [num(args[0], 255), num(args[1], 255), num(args[2], 255)];
    if ([r, g, b, alpha].some(Number.isNaN)) return null;
    return { r, g, b, a: alpha };
  }
  const [h, s, l] = [Number.parseFloat(args[0] ?? ''), num(args[1], 1), num(args[2], 1)];
  if ([h, s, l, alpha].some(Number.isNaN)) return null;
  const [r, g, b] = hslToRgb(((h % 360) + 360) % 360, s, l);
  return { r, g, b, a: alpha };
}

/** The colour inside a `background` shorthand, if it names one. */
export function backgroundColourOf(value: string): Rgb | null {
  const direct = parseColour(value);
  if (direct) return direct;
  for (const token of value.match(/#[0-9a-f]{3,8}\b|(?:rgba?|hsla?)\([^)]*\)|\b[a-z]+\b/gi) ?? []) {
    const colour = parseColour(token);
    if (colour) return colour;
  }
  return null;
}

function luminance({ r, g, b }: Rgb): number {
  const ch = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
}

/** WCAG contrast ratio (1 = identical, 21 = black on white). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((l1 ?? 0) + 0.05) / ((l2 ?? 0) + 0.05);
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
