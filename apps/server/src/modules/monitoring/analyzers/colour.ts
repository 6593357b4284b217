/** CSS colours: parsing and the WCAG contrast ratio used to spot text coloured like its background. */

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

const parsed = new Map<string, Rgb | null>();
const MAX_PARSED = 2000;

/**
 * Parses a CSS colour (named, #rgb[a], #rrggbb[aa], rgb[a](), hsl[a]()); null when unknown. A page repeats
 * a few dozen colours thousands of times: answers are remembered (frozen, as they are shared).
 */
export function parseColour(input: string): Rgb | null {
  const known = parsed.get(input);
  if (known !== undefined) return known;
  const colour = parseColourUncached(input);
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(input, colour && Object.freeze(colour));
  return colour;
}

function parseColourUncached(input: string): Rgb | null {
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
