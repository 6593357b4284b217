/**
 * Content sniffing for uploads: what a file is by its bytes, never by its name or declared MIME type.
 * Pure and synchronous so it is unit-tested without a server.
 */

export type TextEncodingName = 'utf-8' | 'gb18030';

export type SniffResult =
  | { type: 'xlsx' }
  | { type: 'csv'; encoding: TextEncodingName; bom: boolean }
  | { type: 'zip' | 'docx' | 'xls' | 'png' | 'jpeg' | 'gif' | 'webp' | 'pdf' | 'binary' | 'empty' };

export type SniffedType = SniffResult['type'];

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(buf: Uint8Array, bytes: readonly number[]): boolean {
  if (buf.length < bytes.length) return false;
  return bytes.every((b, i) => buf[i] === b);
}

function u16(buf: Uint8Array, at: number): number {
  return (buf[at] ?? 0) | ((buf[at + 1] ?? 0) << 8);
}

function u32(buf: Uint8Array, at: number): number {
  return (u16(buf, at) | (u16(buf, at + 2) << 16)) >>> 0;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;

/**
 * Names of the entries in a ZIP archive, read from its central directory; null when the archive is
 * malformed (or ZIP64, which an upload under the size limit never needs).
 */
export function zipEntryNames(buf: Uint8Array): string[] | null {
  // The end-of-central-directory record is 22 bytes plus a comment of at most 65,535 bytes.
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= lowest; i--) {
    if (u32(buf, i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(buf, eocd + 10);
  const offset = u32(buf, eocd + 16);
  if (count === 0xffff || offset === 0xffffffff || offset >= buf.length) return null;
  const decoder = new TextDecoder('utf-8');
  const names: string[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || u32(buf, at) !== CENTRAL_ENTRY_SIGNATURE) return null;
    const nameLength = u16(buf, at + 28);
    const extraLength = u16(buf, at + 30);
    const commentLength = u16(buf, at + 32);
    const end = at + 46 + nameLength;
    if (end > buf.length) return null;
    names.push(decoder.decode(buf.subarray(at + 46, end)));
    at = end + extraLength + commentLength;
  }
  return names;
}

/** True when no byte is NUL or a control character that never appears in text (tab, CR, LF, VT, FF allowed). */
function looksLikeText(buf: Uint8Array): boolean {
  for (const b of buf) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d) return false;
    if (b === 0x7f) return false;
  }
  return true;
}

function decodes(encoding: TextEncodingName, buf: Uint8Array): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/**
 * Identifies an upload by its bytes. An XLSX is a ZIP holding [Content_Types].xml and xl/workbook.xml;
 * a CSV is text without NUL or other binary control bytes that decodes as UTF-8 (with or without BOM)
 * or, failing that, as GB18030 (what Excel writes for "CSV" on Chinese Windows).
 */
export function sniffFileType(buf: Uint8Array): SniffResult {
  if (buf.length === 0) return { type: 'empty' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) {
    const names = zipEntryNames(buf);
    const isOoxml = names?.includes('[Content_Types].xml') === true;
    if (isOoxml && names?.includes('xl/workbook.xml')) return { type: 'xlsx' };
    if (isOoxml && names?.includes('word/document.xml')) return { type: 'docx' };
    return { type: 'zip' };
  }
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { type: 'png' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { type: 'jpeg' };
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38])) return { type: 'gif' };
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { type: 'pdf' };
  // RIFF....WEBP
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf.subarray(8), [0x57, 0x45, 0x42, 0x50])) {
    return { type: 'webp' };
  }
  // OLE2 compound document: the legacy .xls format (and .doc); not accepted, but named in the error.
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { type: 'xls' };
  if (!looksLikeText(buf)) return { type: 'binary' };
  const bom = startsWith(buf, UTF8_BOM);
  if (bom) return decodes('utf-8', buf) ? { type: 'csv', encoding: 'utf-8', bom } : { type: 'binary' };
  if (decodes('utf-8', buf)) return { type: 'csv', encoding: 'utf-8', bom: false };
  if (decodes('gb18030', buf)) return { type: 'csv', encoding: 'gb18030', bom: false };
  return { type: 'binary' };
}

/** The text of a sniffed CSV upload, BOM removed. */
export function decodeText(buf: Uint8Array, encoding: TextEncodingName): string {
  // TextDecoder drops a leading UTF-8 BOM by default.
  return new TextDecoder(encoding).decode(buf);
}
