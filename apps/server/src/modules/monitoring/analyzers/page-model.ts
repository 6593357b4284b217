import { createHash } from 'node:crypto';
import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { parseStylesheet, RuleIndex } from './css.ts';
import { analyzeScript, isOpaqueWriter, type ScriptAnalysis, type WrittenMarkup } from './script-analysis.ts';
import {
  computeStyle,
  describeElement,
  type Hiding,
  type InheritedStyle,
  ROOT_STYLE,
  sameColourHiding,
  textHiding,
} from './style-eval.ts';
import { collapseWhitespace, containsZeroWidth } from './text-normalize.ts';

/**
 * One parse of a page, shared by every analyzer: links with the CSS that hides them, visible and hidden text,
 * scripts (and the markup they write), iframes, images and a structure histogram.
 */

export type PageLink = {
  /** Absolute URL when resolvable, otherwise the raw attribute. */
  href: string;
  rawHref: string;
  text: string;
  title: string;
  rel: string[];
  tag: 'a' | 'area';
  hiding: Hiding | null;
  hasImage: boolean;
  zeroWidth: boolean;
  scriptWritten: WrittenMarkup | null;
  /** The link's markup, for evidence; empty for plain visible links (no one needs it, and it costs). */
  snippet: string;
};

export type PageFrame = {
  src: string;
  hiding: Hiding | null;
  scriptWritten: WrittenMarkup | null;
  snippet: string;
};
export type TextLine = { text: string; linkChars: number };

export type PageModel = {
  pageUrl: string;
  baseUrl: string;
  title: string;
  /** Title plus meta keywords and description: the text search engines show. */
  metaText: string;
  lines: TextLine[];
  visibleText: string;
  hiddenText: string;
  hiddenSamples: { text: string; hiding: Hiding }[];
  links: PageLink[];
  iframes: PageFrame[];
  images: string[];
  /**
   * External scripts by URL; inline ones by a hash of their volatile-masked code, `risky` when they write
   * markup or redirect, `opaque` when they write in a way static analysis cannot follow (isOpaqueWriter).
   */
  scripts: { src: string | null; inlineHash: string | null; risky: boolean; opaque?: boolean }[];
  scriptAnalyses: ScriptAnalysis[];
  metaRefresh: string | null;
  structure: Record<string, number>;
};

export const MAX_HTML_CHARS = 10_000_000;
const SKIP_TEXT = new Set(['script', 'style', 'template', 'title', 'textarea']);
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'option',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'th',
  'tr',
  'ul',
  'marquee',
  'body',
]);
const JS_TYPES =
  /^(|text\/javascript|application\/javascript|module|text\/ecmascript|application\/x-javascript)$/i;

export function resolveUrl(raw: string, base: string): string | null {
  try {
    return new URL(raw.trim(), base).href;
  } catch {
    return null;
  }
}

/** Text content of a subtree, iteratively (pages may nest deeply). */
export function textOf(node: ChildNode, limit = 2000): string {
  let out = '';
  const stack: ChildNode[] = [node];
  while (stack.length > 0 && out.length < limit) {
    const n = stack.pop();
    if (!n) break;
    if (isText(n)) out += n.data;
    else if (isTag(n) && (n === node || (n.name !== 'script' && n.name !== 'style'))) {
      for (let i = n.children.length - 1; i >= 0; i--) {
        const child = n.children[i];
        if (child) stack.push(child);
      }
    }
  }
  return out;
}

function hasDescendant(node: Element, name: string): boolean {
  const stack: ChildNode[] = [...node.children];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n && isTag(n)) {
      if (n.name === name) return true;
      stack.push(...n.children);
    }
  }
  return false;
}

function snippetOf(el: Element): string {
  const attrs = Object.entries(el.attribs)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');
  return `<${el.name}${attrs ? ` ${attrs}` : ''}>${collapseWhitespace(textOf(el, 200)).slice(0, 80)}</${el.name}>`.slice(
    0,
    400,
  );
}

function hashScript(code: string): string {
  // Digits and long hex/base64 runs vary per request (timestamps, nonces): mask them before hashing.
  const masked = code
    .replace(/[A-Za-z0-9+/=_-]{24,}/g, '~')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  return createHash('sha256').update(masked).digest('hex').slice(0, 32);
}

type Walk = {
  model: PageModel;
  rules: RuleIndex;
  visible: string[];
  hidden: string[];
  line: { parts: string[]; linkChars: number };
  depth: number;
};

function flushLine(w: Walk): void {
  const text = collapseWhitespace(w.line.parts.join(''));
  if (text) w.model.lines.push({ text, linkChars: Math.min(text.length, w.line.linkChars) });
  w.line = { parts: [], linkChars: 0 };
}

type Frame =
  | { node: ChildNode; style: InheritedStyle; inLink: boolean; written: WrittenMarkup | null }
  | { exitBlock: true };

function walk(
  w: Walk,
  roots: readonly ChildNode[],
  start: InheritedStyle,
  written: WrittenMarkup | null,
): void {
  const stack: Frame[] = [];
  for (let i = roots.length - 1; i >= 0; i--) {
    const node = roots[i];
    if (node) stack.push({ node, style: start, inLink: false, written });
  }
  const { model } = w;
  while (stack.length > 0) {
    const frame = stack.pop();
    if (!frame) break;
    if ('exitBlock' in frame) {
      flushLine(w);
      continue;
    }
    const { node, style, inLink } = frame;
    if (isText(node)) {
      const text = node.data;
      if (!text.trim()) continue;
      const parent = node.parent && isTag(node.parent) ? node.parent : null;
      const hiding = frame.written
        ? (textHiding(style, 'text') ?? {
            technique: 'script_written' as const,
            element: 'script',
            rule: frame.written.sink,
          })
        : textHiding(style, () => (parent ? describeElement(parent) : 'text'));
      if (hiding) {
        w.hidden.push(text);
        if (model.hiddenSamples.length < 200)
          model.hiddenSamples.push({ text: collapseWhitespace(text).slice(0, 200), hiding });
      } else {
        w.visible.push(text);
        w.line.parts.push(text);
        if (inLink) w.line.linkChars += collapseWhitespace(text).length;
      }
      continue;
    }
    if (!isTag(node)) continue;
    const name = node.name;
    const parentName = node.parent && isTag(node.parent) ? node.parent.name : 'root';
    const key = `${parentName}>${name}`;
    model.structure[key] = (model.structure[key] ?? 0) + 1;
    if (name === 'style' || name === 'title' || name === 'base' || name === 'template') continue;
    if (name === 'script') {
      handleScript(w, node, style, frame.written);
      continue;
    }
    const own = computeStyle(node, style, w.rules);
    if (name === 'iframe' || name === 'frame') {
      const src = node.attribs.src ?? '';
      model.iframes.push({
        src: resolveUrl(src, model.baseUrl) ?? src,
        hiding:
          own.hiding ??
          own.visibility ??
          (frame.written
            ? { technique: 'script_written', element: 'iframe', rule: frame.written.sink }
            : null),
        scriptWritten: frame.written,
        snippet: snippetOf(node),
      });
      continue;
    }
    if (name === 'img' && node.attribs.src)
      model.images.push(resolveUrl(node.attribs.src, model.baseUrl) ?? node.attribs.src);
    const isLink = (name === 'a' || name === 'area') && node.attribs.href !== undefined;
    if (isLink) addLink(w, node, own, frame.written);
    if (SKIP_TEXT.has(name)) continue;
    const block = BLOCKS.has(name);
    if (block) {
      flushLine(w);
      stack.push({ exitBlock: true });
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push({ node: child, style: own, inLink: inLink || isLink, written: frame.written });
    }
  }
}

function addLink(w: Walk, node: Element, own: InheritedStyle, written: WrittenMarkup | null): void {
  const rawHref = node.attribs.href ?? '';
  const hasImage = hasDescendant(node, 'img');
  const rawText = textOf(node);
  let hiding = own.hiding ?? own.visibility;
  if (!hiding && !hasImage) hiding = own.fontZero ?? sameColourHiding(own, () => describeElement(node));
  if (!hiding && written) hiding = { technique: 'script_written', element: 'script', rule: written.sink };
  const zeroWidth = containsZeroWidth(rawText) || containsZeroWidth(rawHref);
  w.model.links.push({
    href: resolveUrl(rawHref, w.model.baseUrl) ?? rawHref,
    rawHref,
    text: collapseWhitespace(rawText).slice(0, 300),
    title: node.attribs.title ?? '',
    rel: (node.attribs.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    tag: node.name === 'area' ? 'area' : 'a',
    hiding,
    hasImage,
    zeroWidth,
    scriptWritten: written,
    snippet: hiding || zeroWidth ? snippetOf(node) : '',
  });
}

function handleScript(w: Walk, node: Element, style: InheritedStyle, written: WrittenMarkup | null): void {
  const src = node.attribs.src;
  if (src !== undefined) {
    w.model.scripts.push({ src: resolveUrl(src, w.model.baseUrl) ?? src, inlineHash: null, risky: false });
    return;
  }
  if (!JS_TYPES.test((node.attribs.type ?? '').trim())) return;
  const code = textOf(node, 500_000);
  const analysis = analyzeScript(code);
  const risky =
    analysis.written.length > 0 || analysis.redirects.length > 0 || analysis.referrerCheck !== null;
  w.model.scripts.push({
    src: null,
    inlineHash: hashScript(code),
    risky,
    ...(isOpaqueWriter(code, analysis) ? { opaque: true } : {}),
  });
  w.model.scriptAnalyses.push(analysis);
  if (w.depth >= 2) return;
  w.depth++;
  for (const markup of analysis.written.slice(0, 50)) {
    const fragment = parseDocument(markup.html.slice(0, 500_000), { decodeEntities: true });
    walk(w, fragment.children, style, written ?? markup);
  }
  w.depth--;
}

function collectHead(model: PageModel, roots: readonly ChildNode[], rules: RuleIndex): void {
  let order = 0;
  let baseSeen = false;
  const stack: ChildNode[] = [...roots].reverse();
  const meta: string[] = [];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || !isTag(n)) continue;
    if (n.name === 'style') {
      const parsed = parseStylesheet(textOf(n, 2_000_000), order);
      order += parsed.length;
      rules.add(parsed);
      continue;
    }
    if (n.name === 'base' && !baseSeen && n.attribs.href) {
      baseSeen = true;
      model.baseUrl = resolveUrl(n.attribs.href, model.pageUrl) ?? model.pageUrl;
    } else if (n.name === 'title' && !model.title) {
      model.title = collapseWhitespace(textOf(n)).slice(0, 500);
      meta.push(model.title);
    } else if (n.name === 'meta') {
      const name = (n.attribs.name ?? n.attribs.property ?? '').toLowerCase();
      if (/^(keywords|description|og:title|og:description)$/.test(name) && n.attribs.content)
        meta.push(n.attribs.content);
      if ((n.attribs['http-equiv'] ?? '').toLowerCase() === 'refresh' && n.attribs.content) {
        const target = /url\s*=\s*['"]?([^'";]+)/i.exec(n.attribs.content)?.[1];
        if (target && !model.metaRefresh) model.metaRefresh = resolveUrl(target, model.pageUrl) ?? target;
      }
    }
    if (n.name === 'script') continue;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const child = n.children[i];
      if (child) stack.push(child);
    }
  }
  model.metaText = collapseWhitespace(meta.join(' \n ')).slice(0, 5000);
}

/** Parses a page once for every analyzer. Never throws on malformed HTML; input past 10 M characters is ignored. */
export function buildPageModel(html: string, pageUrl: string): PageModel {
  const safeUrl = resolveUrl(pageUrl, 'http://invalid.invalid/') ?? 'http://invalid.invalid/';
  const model: PageModel = {
    pageUrl: safeUrl,
    baseUrl: safeUrl,
    title: '',
    metaText: '',
    lines: [],
    visibleText: '',
    hiddenText: '',
    hiddenSamples: [],
    links: [],
    iframes: [],
    images: [],
    scripts: [],
    scriptAnalyses: [],
    metaRefresh: null,
    structure: {},
  };
  const doc = parseDocument(html.slice(0, MAX_HTML_CHARS), { decodeEntities: true });
  const rules = new RuleIndex();
  collectHead(model, doc.children, rules);
  const w: Walk = { model, rules, visible: [], hidden: [], line: { parts: [], linkChars: 0 }, depth: 0 };
  walk(w, doc.children, ROOT_STYLE, null);
  flushLine(w);
  model.visibleText = collapseWhitespace(w.visible.join(' '));
  model.hiddenText = collapseWhitespace(w.hidden.join(' '));
  return model;
}
