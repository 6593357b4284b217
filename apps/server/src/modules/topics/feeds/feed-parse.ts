// Reads a fetched feed: RSS 2.0 / RSS 1.0 / Atom (htmlparser2's feed reader in XML mode — it never
// resolves external entities, so XXE and billion-laughs expansions are not possible) or JSON Feed 1.x.
// Entries without text are skipped and counted; the feed as a whole fails only when it is no feed.
import { createHash } from 'node:crypto';
import { parseFeed } from 'htmlparser2';

export type FeedFormat = 'rss' | 'atom' | 'json';

export interface FeedEntry {
  /** Stable per entry: the guid/id, else the link, else a hash of title and text. */
  key: string;
  title: string;
  text: string;
  link: string | null;
  /** ms since epoch, or null when the entry has no usable date. */
  time: number | null;
}

export type FeedParse =
  | { ok: true; format: FeedFormat; title: string | null; entries: FeedEntry[]; skipped: number }
  | { ok: false; error: string };

export const MAX_ENTRIES = 500;
const MAX_TEXT = 5000;

/** Removes markup from HTML-bearing fields (descriptions, content:encoded) and collapses spaces. */
export function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/giu, ' ')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&nbsp;/gu, ' ')
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;|&apos;/gu, "'")
    .replace(/&amp;/gu, '&')
    .replace(/\s+/gu, ' ')
    .trim();
}

function keyOf(id: string | undefined, link: string | undefined, title: string, text: string): string {
  const raw = id?.trim() || link?.trim() || `${title}\n${text}`;
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}

function validTime(d: Date | string | undefined | null): number | null {
  if (!d) return null;
  const ms = d instanceof Date ? d.getTime() : Date.parse(d);
  return Number.isFinite(ms) ? ms : null;
}

function httpLink(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const u = new URL(raw.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString().slice(0, 2000) : null;
  } catch {
    return null;
  }
}

function entry(
  id: string | undefined,
  title: string,
  body: string,
  link: string | null,
  time: number | null,
): FeedEntry | null {
  const cleanTitle = stripHtml(title).slice(0, 300);
  const text = stripHtml(body).slice(0, MAX_TEXT);
  if (!cleanTitle && !text) return null;
  return {
    key: keyOf(id, link ?? undefined, cleanTitle, text),
    title: cleanTitle || text.slice(0, 80),
    text: cleanTitle && text && !text.startsWith(cleanTitle) ? `${cleanTitle}\n${text}` : text || cleanTitle,
    link,
    time,
  };
}

function parseJsonFeed(body: string): FeedParse {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    return { ok: false, error: `not valid JSON: ${(err as Error).message}` };
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as { items?: unknown }).items)) {
    return { ok: false, error: 'a JSON Feed must be an object with an "items" array' };
  }
  const feed = doc as { title?: unknown; items: unknown[] };
  const entries: FeedEntry[] = [];
  let skipped = 0;
  for (const raw of feed.items.slice(0, MAX_ENTRIES)) {
    if (!raw || typeof raw !== 'object') {
      skipped++;
      continue;
    }
    const it = raw as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const e = entry(
      str(it.id) || (typeof it.id === 'number' ? String(it.id) : undefined),
      str(it.title),
      str(it.content_text) || str(it.content_html) || str(it.summary),
      httpLink(it.url),
      validTime(str(it.date_published) || str(it.date_modified) || null),
    );
    if (e) entries.push(e);
    else skipped++;
  }
  skipped += Math.max(0, feed.items.length - MAX_ENTRIES);
  return {
    ok: true,
    format: 'json',
    title: typeof feed.title === 'string' ? feed.title : null,
    entries,
    skipped,
  };
}

/** Parses a feed body; the content type only decides between JSON and XML when the body is ambiguous. */
export function parseFeedBody(body: string, contentType: string | null): FeedParse {
  const text = body.replace(/^\uFEFF/u, '').trimStart();
  if (text.startsWith('{') || (contentType ?? '').includes('json')) return parseJsonFeed(text);
  if (!text.startsWith('<')) return { ok: false, error: 'not an RSS, Atom or JSON feed (no XML or JSON)' };
  const feed = parseFeed(text, { xmlMode: true });
  if (!feed) return { ok: false, error: 'not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)' };
  // The reader is forgiving; a document cut off or broken before its root closes is refused whole, so
  // a half-sent feed never yields half-read entries (the next poll tries again).
  const root = /<(rss|feed|rdf:RDF)[\s>]/u.exec(text)?.[1];
  if (!root || !new RegExp(`</${root}>\\s*$`, 'u').test(text)) {
    return { ok: false, error: `malformed XML: the document does not end with </${root ?? 'rss'}>` };
  }
  const entries: FeedEntry[] = [];
  let skipped = 0;
  for (const it of feed.items.slice(0, MAX_ENTRIES)) {
    const e = entry(it.id, it.title ?? '', it.description ?? '', httpLink(it.link), validTime(it.pubDate));
    if (e) entries.push(e);
    else skipped++;
  }
  skipped += Math.max(0, feed.items.length - MAX_ENTRIES);
  return {
    ok: true,
    format: feed.type === 'atom' ? 'atom' : 'rss',
    title: feed.title ?? null,
    entries,
    skipped,
  };
}
