import type { Element } from 'domhandler';
import { backgroundColourOf, contrastRatio, parseColour, type Rgb } from './colour.ts';
import { parseDeclarations, parseLengthPx, type RuleIndex } from './css.ts';

export type HidingTechnique =
  | 'display_none'
  | 'visibility_hidden'
  | 'offscreen'
  | 'zero_size'
  | 'zero_font'
  | 'same_colour'
  | 'overflow_clip'
  | 'opacity_zero'
  | 'marquee_tiny'
  | 'noscript'
  | 'zero_width_chars'
  | 'script_written';

export type Hiding = {
  technique: HidingTechnique;
  /** The element that hides, e.g. `div#links.hide`. */
  element: string;
  /** The rule that hides, e.g. `.hide { display: none }` or `style="display:none"`. */
  rule: string;
};

/** What an element passes on to its descendants. */
export type InheritedStyle = {
  /** Hiding no descendant can undo (display:none, off-screen, clipped, transparent, tiny marquee, noscript). */
  hiding: Hiding | null;
  /** visibility:hidden, undone by a descendant's visibility:visible. */
  visibility: Hiding | null;
  /** font-size:0, undone by a descendant's absolute font-size. */
  fontZero: Hiding | null;
  colour: Rgb;
  colourSource: string;
  /** Background behind the element; null when it is an image or otherwise unknown. */
  background: Rgb | null;
  backgroundSource: string;
};

export const ROOT_STYLE: InheritedStyle = {
  hiding: null,
  visibility: null,
  fontZero: null,
  colour: { r: 0, g: 0, b: 0, a: 1 },
  colourSource: 'default black',
  background: { r: 255, g: 255, b: 255, a: 1 },
  backgroundSource: 'default white',
};

const LINK_COLOUR: Rgb = { r: 0, g: 0, b: 238, a: 1 };
const OFFSCREEN_PX = -500;
const CLIP_PX = 10;

const SPECIAL_ELEMENTS = new Set(['a', 'marquee', 'iframe', 'frame', 'noscript']);

/**
 * One declared property. Its `source` (the rule as evidence, e.g. `.hide { display: none }`) is written out
 * only when a finding quotes it: most declarations of most elements never are.
 */
class Declaration {
  readonly value: string;
  readonly name: string;
  readonly important: boolean;
  readonly selector: string | null;
  readonly inline: string | null;
  constructor(
    value: string,
    name: string,
    important: boolean,
    selector: string | null,
    inline: string | null,
  ) {
    this.value = value;
    this.name = name;
    this.important = important;
    this.selector = selector;
    this.inline = inline;
  }
  get source(): string {
    if (this.selector === null) return `style="${(this.inline ?? '').trim().slice(0, 200)}"`;
    return `${this.selector} { ${this.name}: ${this.value}${this.important ? ' !important' : ''} }`;
  }
}

type Declared = Map<string, Declaration>;

export function describeElement(el: Element): string {
  const id = el.attribs.id ? `#${el.attribs.id}` : '';
  const classes = (el.attribs.class ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((c) => `.${c}`)
    .join('');
  return `${el.name}${id}${classes}`.slice(0, 120);
}

/** Cascade of the matching rules and the inline style for one element. */
function declaredStyle(el: Element, rules: RuleIndex): Declared {
  const declared: Declared = new Map();
  const important = new Set<string>();
  for (const rule of rules.matching(el)) {
    for (const [name, { value, important: imp }] of rule.declarations) {
      if (important.has(name) && !imp) continue;
      if (imp) important.add(name);
      declared.set(name, new Declaration(value, name, imp, rule.selector.text, null));
    }
  }
  const inline = el.attribs.style;
  if (inline) {
    for (const [name, { value, important: imp }] of parseDeclarations(inline)) {
      if (important.has(name) && !imp) continue;
      declared.set(name, new Declaration(value, name, imp, null, inline));
    }
  }
  return declared;
}

function px(declared: Declared, name: string): number | null {
  return parseLengthPx(declared.get(name)?.value);
}

function ownHiding(el: Element, d: Declared): { technique: HidingTechnique; source: string } | null {
  const get = (name: string) => d.get(name);
  const display = get('display');
  if (display?.value === 'none') return { technique: 'display_none', source: display.source };
  if (el.attribs.hidden !== undefined && !display)
    return { technique: 'display_none', source: 'hidden attribute' };
  const opacity = get('opacity');
  if (opacity && Number.parseFloat(opacity.value) <= 0.05)
    return { technique: 'opacity_zero', source: opacity.source };
  const position = get('position')?.value;
  if (position === 'absolute' || position === 'fixed' || position === 'relative') {
    for (const side of ['left', 'top', 'right', 'bottom']) {
      const value = px(d, side);
      if (value !== null && value <= OFFSCREEN_PX)
        return { technique: 'offscreen', source: get(side)?.source ?? side };
    }
  }
  for (const name of ['text-indent', 'margin-left', 'margin-top']) {
    const value = px(d, name);
    if (value !== null && value <= OFFSCREEN_PX)
      return { technique: 'offscreen', source: get(name)?.source ?? name };
  }
  const transform = get('transform');
  const shift =
    transform && /translate(?:x|y|3d)?\(\s*(-\d+(?:\.\d+)?(?:px|em|rem)?)/.exec(transform.value)?.[1];
  if (transform && shift && (parseLengthPx(shift) ?? 0) <= OFFSCREEN_PX)
    return { technique: 'offscreen', source: transform.source };
  const overflow = ['overflow', 'overflow-x', 'overflow-y']
    .map(get)
    .find((o) => o && /hidden|clip|scroll|auto/.test(o.value));
  if (overflow) {
    for (const name of ['width', 'height', 'max-width', 'max-height']) {
      const value = px(d, name);
      if (value === null) continue;
      if (value <= 0) return { technique: 'zero_size', source: `${get(name)?.source} + ${overflow.source}` };
      if (value <= CLIP_PX && /hidden|clip/.test(overflow.value)) {
        return { technique: 'overflow_clip', source: `${get(name)?.source} + ${overflow.source}` };
      }
    }
  }
  const clip = get('clip');
  if (clip && /rect\(\s*(0|1px)[\s,]+(0|1px)[\s,]+(0|1px)[\s,]+(0|1px)\s*\)/.test(clip.value)) {
    return { technique: 'overflow_clip', source: clip.source };
  }
  const clipPath = get('clip-path');
  if (clipPath && /inset\(\s*(50|100)%|circle\(\s*0/.test(clipPath.value))
    return { technique: 'overflow_clip', source: clipPath.source };
  if (el.name === 'marquee') {
    for (const name of ['width', 'height']) {
      const value = parseLengthPx(el.attribs[name]) ?? px(d, name);
      if (value !== null && value <= CLIP_PX)
        return { technique: 'marquee_tiny', source: `<marquee ${name}=${value}>` };
    }
    const amount = Number(el.attribs.scrollamount);
    if (amount >= 1000) return { technique: 'marquee_tiny', source: `<marquee scrollamount=${amount}>` };
  }
  if (el.name === 'iframe') {
    const w = parseLengthPx(el.attribs.width) ?? px(d, 'width');
    const h = parseLengthPx(el.attribs.height) ?? px(d, 'height');
    if ((w !== null && w <= 1) || (h !== null && h <= 1))
      return { technique: 'zero_size', source: `<iframe width=${w} height=${h}>` };
  }
  if (el.name === 'noscript') return { technique: 'noscript', source: '<noscript>' };
  return null;
}

/** Computes what an element passes on, given its parent's inherited style. */
export function computeStyle(el: Element, parent: InheritedStyle, rules: RuleIndex): InheritedStyle {
  const d = declaredStyle(el, rules);
  // Most elements declare nothing and are not special: they pass their parent's style on unchanged.
  if (d.size === 0 && !SPECIAL_ELEMENTS.has(el.name) && el.attribs.hidden === undefined) return parent;
  const element = describeElement(el);
  const next: InheritedStyle = { ...parent };
  if (!parent.hiding) {
    const own = ownHiding(el, d);
    if (own) next.hiding = { technique: own.technique, element, rule: own.source };
  }
  const visibility = d.get('visibility');
  if (visibility && /hidden|collapse/.test(visibility.value)) {
    next.visibility = { technique: 'visibility_hidden', element, rule: visibility.source };
  } else if (visibility?.value === 'visible') next.visibility = null;
  const fontSize = d.get('font-size');
  if (fontSize) {
    const size = parseLengthPx(fontSize.value);
    const relative = /%|em$/.test(fontSize.value) && !fontSize.value.endsWith('rem');
    if (size !== null && size <= 1 && !relative)
      next.fontZero = { technique: 'zero_font', element, rule: fontSize.source };
    else if (relative && size !== null && size <= 0)
      next.fontZero = { technique: 'zero_font', element, rule: fontSize.source };
    else if (!relative && size !== null) next.fontZero = null;
  }
  const colour = d.get('color');
  const parsedColour = colour ? parseColour(colour.value) : null;
  if (colour && parsedColour) {
    next.colour = parsedColour;
    next.colourSource = colour.source;
  } else if (el.name === 'a' && el.attribs.href !== undefined) {
    next.colour = LINK_COLOUR;
    next.colourSource = 'default link colour';
  }
  const background = d.get('background-color') ?? d.get('background');
  if (background) {
    const bg = backgroundColourOf(background.value);
    const image =
      d.get('background-image') ?? (/url\(|gradient\(/.test(background.value) ? background : undefined);
    if (bg && bg.a >= 0.5) {
      next.background = bg;
      next.backgroundSource = background.source;
    } else if (image && image.value !== 'none') next.background = null;
  } else if (d.get('background-image') && d.get('background-image')?.value !== 'none') next.background = null;
  return next;
}

const lowContrast = new WeakMap<InheritedStyle, boolean>();

/** Text colour indistinguishable from its background (contrast ratio below 1.2). */
export function sameColourHiding(style: InheritedStyle, element: string | (() => string)): Hiding | null {
  if (!style.background || style.colour.a < 0.5) return null;
  // Styles are shared by every text node under an element: compute the ratio once per style.
  let low = lowContrast.get(style);
  if (low === undefined) {
    low = contrastRatio(style.colour, style.background) < 1.2;
    lowContrast.set(style, low);
  }
  if (!low) return null;
  const name = typeof element === 'string' ? element : element();
  return {
    technique: 'same_colour',
    element: name,
    rule: `${style.colourSource} on ${style.backgroundSource}`,
  };
}

/** The hiding that applies to text rendered with this style, if any. */
export function textHiding(style: InheritedStyle, element: string | (() => string)): Hiding | null {
  return style.hiding ?? style.visibility ?? style.fontZero ?? sameColourHiding(style, element);
}
