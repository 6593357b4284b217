/** Text decoding for fetched pages: the header's charset, else a BOM, else a <meta> in the first bytes. */

const META_SCAN_BYTES = 4096;

/** Media types we decode to text; anything else (images, archives) keeps only its bytes. */
export function isTextual(contentType: string | null): boolean {
  if (!contentType) return true;
  return (
    contentType.startsWith('text/') ||
    /[/+](xml|json|javascript|ecmascript)$/.test(contentType) ||
    contentType === 'application/xhtml+xml'
  );
}

/** Splits a Content-Type header into a lower-case media type and its charset parameter. */
export function parseContentType(header: string | undefined): {
  mediaType: string | null;
  charset: string | null;
} {
  if (!header) return { mediaType: null, charset: null };
  const [type = '', ...params] = header.split(';');
  let charset: string | null = null;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p);
    if (m?.[1]) charset = m[1].toLowerCase();
  }
  const mediaType = type.trim().toLowerCase();
  return { mediaType: mediaType || null, charset };
}

function bomCharset(body: Buffer): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return null;
}

/** Finds <meta charset="x"> or <meta http-equiv="Content-Type" content="...; charset=x"> near the top. */
export function metaCharset(body: Buffer): string | null {
  const head = body.subarray(0, META_SCAN_BYTES).toString('latin1');
  const tags = head.match(/<meta\b[^>]{0,512}>/gi) ?? [];
  for (const tag of tags) {
    const m = /\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(tag);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return null;
}

/** Normalises a label to one TextDecoder knows; GB2312 and GBK pages decode as their superset GB18030. */
export function normaliseCharset(label: string | null): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase();
  if (['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'euc-cn', 'csgb2312'].includes(l)) return 'gb18030';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

/**
 * Decides the charset of a page and decodes it. Undeclared pages are tried as UTF-8 and, when that
 * fails, as GB18030: most Chinese government sites that omit a charset are GBK.
 */
export function decodeText(
  body: Buffer,
  headerCharset: string | null,
): { text: string; charset: string; source: 'header' | 'bom' | 'meta' | 'guess' } {
  const fromBom = bomCharset(body);
  const declared: Array<[string | null, 'header' | 'bom' | 'meta']> = [
    [fromBom, 'bom'],
    [normaliseCharset(headerCharset), 'header'],
    [normaliseCharset(metaCharset(body)), 'meta'],
  ];
  for (const [charset, source] of declared) {
    if (charset) return { text: new TextDecoder(charset).decode(body), charset, source };
  }
  try {
    // stream: a body cut at the size cap may end inside a character; that alone is not a reason to switch.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
    return { text, charset: 'utf-8', source: 'guess' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(body), charset: 'gb18030', source: 'guess' };
  }
}
