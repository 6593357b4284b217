/**
 * What a rendered page shows of its links. `collectRenderedLinks` runs INSIDE Chromium, in an isolated
 * world of the page (own globals and prototypes, shared DOM), so page scripts cannot fake its answers by
 * replacing getBoundingClientRect or getComputedStyle. It must stay self-contained: it is sent as source
 * text, so it may not use imports or anything outside its body.
 */

/** Why a rendered link cannot be seen. */
export const RENDER_HIDING_REASONS = [
  'display_none',
  'not_rendered',
  'visibility_hidden',
  'opacity_zero',
  'zero_size',
  'offscreen',
  'overflow_clip',
  'zero_font',
  'same_colour',
] as const;
export type RenderHidingReason = (typeof RENDER_HIDING_REASONS)[number];

export interface RawRenderedLink {
  kind: 'link' | 'iframe';
  /** Absolute URL as the browser resolved it. */
  href: string;
  /** Link text, title and image alt text (trimmed, at most 300 characters). */
  text: string;
  /** Empty when the link can be seen. */
  reasons: string[];
  /** The URL of the iframe document the link is in; absent in the page itself. */
  frameUrl?: string;
}

export interface RawRenderedPage {
  links: RawRenderedLink[];
  /** Links and iframes on the page; only the first `max` are examined. */
  total: number;
  pageWidth: number;
  pageHeight: number;
  title: string;
}

/**
 * Runs in the page (see the module comment). With `owner` (an iframe element of this document), judges
 * only that element: the visibility of a child frame, which its links inherit.
 */
export function collectRenderedLinks(max: number, owner?: Element | null): RawRenderedPage {
  type Rect = { left: number; top: number; right: number; bottom: number };
  type Rgba = { r: number; g: number; b: number; a: number };
  const doc = document;
  const root = doc.documentElement;
  const body = doc.body;
  const pageWidth = Math.max(root.scrollWidth, body ? body.scrollWidth : 0, window.innerWidth);
  const pageHeight = Math.max(root.scrollHeight, body ? body.scrollHeight : 0, window.innerHeight);
  const sx = window.scrollX;
  const sy = window.scrollY;
  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element): CSSStyleDeclaration => {
    let s = styles.get(el);
    if (!s) {
      s = getComputedStyle(el);
      styles.set(el, s);
    }
    return s;
  };
  const toPage = (r: DOMRect | DOMRectReadOnly): Rect => ({
    left: r.left + sx,
    top: r.top + sy,
    right: r.right + sx,
    bottom: r.bottom + sy,
  });
  const intersect = (a: Rect, b: Rect): Rect | null => {
    const r = {
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    };
    return r.right - r.left > 0 && r.bottom - r.top > 0 ? r : null;
  };
  const area = (r: Rect) => Math.max(0, r.right - r.left) * Math.max(0, r.bottom - r.top);
  const page: Rect = { left: 0, top: 0, right: pageWidth, bottom: pageHeight };

  const colour = (text: string): Rgba | null => {
    const m = /^rgba?\(([^)]*)\)$/.exec(text.trim());
    if (!m?.[1]) return null;
    const p = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map((v) => (v.endsWith('%') ? (Number.parseFloat(v) / 100) * 255 : Number.parseFloat(v)));
    if (p.length < 3 || p.some((v) => Number.isNaN(v))) return null;
    return { r: p[0] ?? 0, g: p[1] ?? 0, b: p[2] ?? 0, a: p.length > 3 ? (p[3] ?? 1) : 1 };
  };
  const luminance = (c: Rgba) => {
    const f = (v: number) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const contrast = (a: Rgba, b: Rgba) => {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  };
  /** The colour behind an element, or null when an image lies behind it (no verdict then). */
  const background = (el: Element): Rgba | null => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = style(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') return null;
      const c = colour(s.backgroundColor);
      if (c && c.a >= 0.5) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };

  const ancestors = (el: Element): Element[] => {
    const out: Element[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) out.push(e);
    return out;
  };

  /** The boxes a link's content occupies: its text and images, else its own boxes. */
  const contentRects = (el: Element): { rects: Rect[]; text: boolean; replaced: boolean } => {
    const rects: Rect[] = [];
    let text = false;
    let replaced = false;
    const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let n = 0;
    for (let node: Node | null = walker.currentNode; node && n < 200; node = walker.nextNode(), n++) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (!(node.textContent ?? '').trim()) continue;
        const range = doc.createRange();
        range.selectNodeContents(node);
        for (const r of Array.from(range.getClientRects())) {
          text = true;
          rects.push(toPage(r));
        }
      } else if (node !== el && node instanceof Element) {
        const tag = node.tagName.toLowerCase();
        if (['img', 'svg', 'canvas', 'video', 'picture', 'object', 'embed'].includes(tag)) {
          for (const r of Array.from(node.getClientRects())) {
            replaced = true;
            rects.push(toPage(r));
          }
        }
      }
    }
    if (rects.length === 0) for (const r of Array.from(el.getClientRects())) rects.push(toPage(r));
    return { rects, text, replaced };
  };

  /** Cuts a rectangle by `clip: rect(...)` and `clip-path` of the chain; null when nothing is left. */
  const clipRect = (e: Element, s: CSSStyleDeclaration): Rect | 'none' | null => {
    const box = toPage(e.getBoundingClientRect());
    if (s.clipPath && s.clipPath !== 'none') {
      if (/inset\(\s*(50|100)%/.test(s.clipPath) || /circle\(\s*0(px)?\s/.test(`${s.clipPath} `)) return null;
    }
    if ((s.position === 'absolute' || s.position === 'fixed') && s.clip && s.clip.startsWith('rect(')) {
      const v = s.clip
        .slice(5, -1)
        .split(/[\s,]+/)
        .map((x) => (x === 'auto' ? Number.NaN : Number.parseFloat(x)));
      const [top, right, bottom, left] = v;
      return {
        top: box.top + (Number.isNaN(top ?? Number.NaN) ? -1e9 : (top ?? 0)),
        right: Number.isNaN(right ?? Number.NaN) ? 1e9 : box.left + (right ?? 0),
        bottom: Number.isNaN(bottom ?? Number.NaN) ? 1e9 : box.top + (bottom ?? 0),
        left: box.left + (Number.isNaN(left ?? Number.NaN) ? -1e9 : (left ?? 0)),
      };
    }
    return 'none';
  };

  const judge = (el: Element): string[] => {
    const reasons: string[] = [];
    const chain = ancestors(el);
    if (el.getClientRects().length === 0) {
      const hiddenBy = chain.find((e) => style(e).display === 'none');
      return [hiddenBy ? 'display_none' : 'not_rendered'];
    }
    const s = style(el);
    if (s.visibility !== 'visible') reasons.push('visibility_hidden');
    let opacity = 1;
    for (const e of chain) opacity *= Number.parseFloat(style(e).opacity) || 0;
    if (opacity < 0.1) reasons.push('opacity_zero');

    const content = contentRects(el);
    if (content.text && !content.replaced && Number.parseFloat(s.fontSize) < 2) reasons.push('zero_font');
    let visible: Rect[] = content.rects.flatMap((r) => {
      const cut = intersect(r, page);
      return cut ? [cut] : [];
    });
    const offPage = visible.length === 0 && content.rects.some((r) => area(r) > 0);
    let clippedBy: 'zero_size' | 'overflow_clip' | null = null;
    for (const e of chain) {
      if (e === root || e === body) continue;
      const es = style(e);
      const clip = clipRect(e, es);
      if (clip === null) {
        visible = [];
        clippedBy ??= 'overflow_clip';
        break;
      }
      // Overflow clips only boxes that hold their content (not plain inline elements).
      const overflowClips =
        (es.overflowX !== 'visible' || es.overflowY !== 'visible') &&
        es.display !== 'inline' &&
        es.display !== 'contents';
      const cuts: Array<{ bounds: Rect; reason: 'zero_size' | 'overflow_clip' }> = [];
      if (overflowClips) {
        const box = toPage(e.getBoundingClientRect());
        cuts.push({ bounds: box, reason: area(box) < 4 ? 'zero_size' : 'overflow_clip' });
      }
      if (clip !== 'none') cuts.push({ bounds: clip, reason: 'overflow_clip' });
      for (const cut of cuts) {
        const before = visible.length;
        visible = visible.flatMap((r) => {
          const kept = intersect(r, cut.bounds);
          return kept ? [kept] : [];
        });
        if (before > 0 && visible.length === 0) clippedBy ??= cut.reason;
      }
      if (visible.length === 0) break;
    }
    const shown = visible.reduce((n, r) => n + area(r), 0);
    const wide = visible.some((r) => r.right - r.left >= 2 && r.bottom - r.top >= 2);
    if (shown < 4 || !wide) {
      if (offPage) reasons.push('offscreen');
      else if (clippedBy) reasons.push(clippedBy);
      else if (!reasons.includes('zero_font')) reasons.push('zero_size');
    }
    if (content.text && !content.replaced && reasons.length === 0) {
      const fg = colour(s.color);
      if (fg && fg.a < 0.1) reasons.push('opacity_zero');
      else {
        const bg = background(el);
        if (fg && bg && contrast(fg, bg) < 1.25) reasons.push('same_colour');
      }
    }
    return [...new Set(reasons)];
  };

  const textOf = (el: Element): string => {
    const parts = [(el.textContent ?? '').replace(/\s+/g, ' ').trim(), el.getAttribute('title') ?? ''];
    for (const img of Array.from(el.querySelectorAll('img[alt]')).slice(0, 3))
      parts.push(img.getAttribute('alt') ?? '');
    return parts.filter(Boolean).join(' ').slice(0, 300);
  };

  if (owner) {
    return {
      links: [{ kind: 'iframe', href: owner.getAttribute('src') ?? '', text: '', reasons: judge(owner) }],
      total: 1,
      pageWidth,
      pageHeight,
      title: '',
    };
  }
  const elements = Array.from(doc.querySelectorAll('a[href], iframe[src]'));
  const links: RawRenderedLink[] = [];
  for (const el of elements.slice(0, max)) {
    const iframe = el.tagName.toLowerCase() === 'iframe';
    const href = iframe ? (el as HTMLIFrameElement).src : (el as HTMLAnchorElement).href;
    if (!/^https?:/i.test(href)) continue;
    links.push({
      kind: iframe ? 'iframe' : 'link',
      href,
      text: iframe ? '' : textOf(el),
      reasons: judge(el),
    });
  }
  return { links, total: elements.length, pageWidth, pageHeight, title: doc.title.slice(0, 300) };
}
