/** One http:// subresource on an https page. Active content (scripts, frames, styles) can take the page over. */
export interface MixedResource {
  tag: string;
  attribute: string;
  url: string;
  active: boolean;
}

// Which attribute loads what; `active` per the W3C Mixed Content spec ("blockable" content).
const LOADERS: Record<string, Array<[attribute: string, active: boolean]>> = {
  script: [['src', true]],
  iframe: [['src', true]],
  frame: [['src', true]],
  object: [['data', true]],
  embed: [['src', true]],
  link: [['href', true]],
  img: [
    ['src', false],
    ['srcset', false],
  ],
  source: [
    ['src', false],
    ['srcset', false],
  ],
  audio: [['src', false]],
  video: [
    ['src', false],
    ['poster', false],
  ],
  form: [['action', true]],
};

const TAG_NAME = /[a-zA-Z][a-zA-Z0-9]*/y;
const ATTR = /([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const MAX_TAG_CHARS = 8192;
const MAX_RESOURCES = 200;

/** Linked resources that load: stylesheets, icons and preloads, not navigation links like rel=canonical. */
function linkLoads(attrs: Map<string, string>): boolean {
  const rel = (attrs.get('rel') ?? '').toLowerCase();
  return /\b(stylesheet|icon|preload|modulepreload|manifest)\b/.test(rel);
}

/**
 * Finds http:// subresources in an https page's HTML by a linear scan of its tags (comments skipped).
 * Only absolute http:// URLs count: relative ones inherit the page's https.
 */
export function findMixedContent(html: string): MixedResource[] {
  const found: MixedResource[] = [];
  // A hand-rolled scan, linear on any input: each '<' and '>' is looked at a bounded number of times.
  let pos = 0;
  let gt = -1;
  for (;;) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break;
      pos = end + 3;
      continue;
    }
    TAG_NAME.lastIndex = lt + 1;
    const name = TAG_NAME.exec(html)?.[0];
    if (!name) {
      pos = lt + 1;
      continue;
    }
    if (gt < lt) gt = html.indexOf('>', lt);
    if (gt < 0) break;
    pos = gt + 1;
    const tag = name.toLowerCase();
    const loaders = LOADERS[tag];
    if (!loaders || gt - lt > MAX_TAG_CHARS) continue;
    const attrs = new Map<string, string>();
    for (const a of html.slice(lt + 1 + name.length, gt).matchAll(ATTR)) {
      attrs.set((a[1] ?? '').toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '');
    }
    if (tag === 'link' && !linkLoads(attrs)) continue;
    for (const [attribute, active] of loaders) {
      const value = attrs.get(attribute);
      if (!value) continue;
      const urls =
        attribute === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : [value];
      for (const raw of urls) {
        const url = raw.trim();
        if (!/^http:\/\//i.test(url)) continue;
        found.push({ tag, attribute, url, active });
        if (found.length >= MAX_RESOURCES) return found;
      }
    }
  }
  return found;
}
