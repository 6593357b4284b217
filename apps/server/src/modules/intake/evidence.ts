import { createHash } from 'node:crypto';
import type { Locale } from '@shouwang/common';
import sharp from 'sharp';
import { sniffFileType } from '../../platform/files/sniff.ts';
import { formatByteLimit } from '../../platform/files/upload.ts';
import { AppError, type ErrorDetail } from '../../platform/http/app-error.ts';

/**
 * Evidence files attached to a public submission (screenshots, photos, PDFs). Every file is judged by its
 * bytes; images are decoded and re-encoded so nothing of the original file survives but its pixels: EXIF
 * (GPS location, camera, owner), XMP, IPTC and ICC comments are dropped, and a polyglot (an image with a
 * script or archive appended) loses its payload. Anything else is refused, and one refused file refuses
 * the whole submission with a reason per file.
 */

export interface UploadLimits {
  /** Files per submission. */
  maxFiles: number;
  /** Bytes per file as sent. */
  maxFileBytes: number;
  /** Bytes of all files of a submission as sent. */
  maxTotalBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFiles: 6,
  maxFileBytes: 10 * 1024 * 1024,
  maxTotalBytes: 30 * 1024 * 1024,
};

/** The office setting (JSON) that overrides the defaults. */
export const UPLOAD_SETTING = 'intake.uploads';

export type EvidenceKind =
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'gif'
  | 'heic'
  | 'avif'
  | 'pdf'
  | 'executable'
  | 'archive'
  | 'html'
  | 'other';

export type RefusalReason =
  | 'too_large'
  | 'too_many'
  | 'empty'
  | 'executable'
  | 'archive'
  | 'type_not_accepted'
  | 'image_unreadable'
  | 'heic_unsupported'
  | 'image_too_big';

export interface IncomingFile {
  name: string;
  buffer: Buffer;
  /** Set when the file was cut at the size limit while reading. */
  truncated?: boolean;
}

export interface PreparedFile {
  name: string;
  mediaType: string;
  ext: string;
  buffer: Buffer;
  sha256: string;
  width: number | null;
  height: number | null;
  originalBytes: number;
  /** What the bytes were on arrival, before any re-encoding. */
  sniffedType: EvidenceKind;
}

export interface Refusal {
  index: number;
  name: string;
  reason: RefusalReason;
}

function startsWith(buf: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (buf.length < at + bytes.length) return false;
  return bytes.every((b, i) => buf[at + i] === b);
}

const ascii = (buf: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...buf.subarray(from, Math.min(to, buf.length)));

/** What a file is by its first bytes: the image and document types we take, and what we name in a refusal. */
export function classifyEvidence(buf: Uint8Array): EvidenceKind {
  // ISO base media (HEIF/AVIF): "....ftyp<brand>".
  if (ascii(buf, 4, 8) === 'ftyp') {
    const brand = ascii(buf, 8, 12);
    if (['avif', 'avis'].includes(brand)) return 'avif';
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heic';
    return 'other'; // mp4, mov, …
  }
  // Executables: PE (MZ), ELF, Mach-O (both byte orders, fat), Java class, shell and other scripts.
  if (startsWith(buf, [0x4d, 0x5a])) return 'executable';
  if (startsWith(buf, [0x7f, 0x45, 0x4c, 0x46])) return 'executable';
  for (const magic of [
    [0xfe, 0xed, 0xfa, 0xce],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xcf, 0xfa, 0xed, 0xfe],
    [0xca, 0xfe, 0xba, 0xbe],
  ]) {
    if (startsWith(buf, magic)) return 'executable';
  }
  if (startsWith(buf, [0x23, 0x21])) return 'executable'; // "#!"
  if (startsWith(buf, [0x00, 0x61, 0x73, 0x6d])) return 'executable'; // WebAssembly
  // Archives and compressed files: ZIP (incl. OOXML, APK, JAR), RAR, 7z, gzip, bzip2, xz, zstd, tar, CAB.
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06]))
    return 'archive';
  if (startsWith(buf, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return 'archive';
  if (startsWith(buf, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return 'archive';
  if (startsWith(buf, [0x1f, 0x8b])) return 'archive';
  if (startsWith(buf, [0x42, 0x5a, 0x68])) return 'archive';
  if (startsWith(buf, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'archive';
  if (startsWith(buf, [0x28, 0xb5, 0x2f, 0xfd])) return 'archive';
  if (startsWith(buf, [0x4d, 0x53, 0x43, 0x46])) return 'archive';
  if (ascii(buf, 257, 262) === 'ustar') return 'archive';
  const sniffed = sniffFileType(buf).type;
  if (sniffed === 'jpeg' || sniffed === 'png' || sniffed === 'webp' || sniffed === 'gif') return sniffed;
  if (sniffed === 'pdf') return 'pdf';
  if (sniffed === 'zip' || sniffed === 'xlsx' || sniffed === 'docx') return 'archive';
  if (sniffed === 'csv') {
    const head = new TextDecoder().decode(buf.subarray(0, 512)).trimStart().toLowerCase();
    if (/^<(!doctype|html|script|svg|\?xml)/.test(head)) return 'html';
  }
  return 'other';
}

/** Decoded images larger than this many pixels are refused (a "decompression bomb" costs memory, not bytes). */
const MAX_PIXELS = 40_000_000;

/** Re-encodes an image without any metadata, turned upright first (EXIF orientation is applied, then dropped). */
async function reencode(
  kind: 'jpeg' | 'png' | 'webp' | 'gif' | 'heic' | 'avif',
  buf: Buffer,
): Promise<{ buffer: Buffer; mediaType: string; ext: string; width: number; height: number }> {
  const image = sharp(buf, { limitInputPixels: MAX_PIXELS, failOn: 'error', animated: false }).rotate();
  // sharp writes no metadata unless asked (keepMetadata/withMetadata), so the output carries pixels only.
  const out =
    kind === 'png' || kind === 'gif'
      ? await image.png({ compressionLevel: 7 }).toBuffer({ resolveWithObject: true })
      : kind === 'webp'
        ? await image.webp({ quality: 85 }).toBuffer({ resolveWithObject: true })
        : await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer({ resolveWithObject: true });
  const format = out.info.format === 'jpeg' ? 'jpeg' : out.info.format;
  const ext = format === 'jpeg' ? 'jpg' : format;
  return {
    buffer: out.data,
    mediaType: `image/${format}`,
    ext,
    width: out.info.width,
    height: out.info.height,
  };
}

function refusalOf(kind: EvidenceKind): RefusalReason | null {
  if (kind === 'executable') return 'executable';
  if (kind === 'archive') return 'archive';
  if (kind === 'html' || kind === 'other') return 'type_not_accepted';
  return null;
}

/** A file name safe to show and to put in a Content-Disposition: no path, no control characters, bounded. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\p{Cc}\p{Cf}"<>|*?:]/gu, '_').trim();
  return [...clean].slice(-100).join('') || 'file';
}

/**
 * Checks and converts every file; all are examined so the citizen learns every problem at once.
 * Returns the converted files, or the refusals when any file is refused.
 */
export async function prepareEvidence(
  files: readonly IncomingFile[],
  limits: UploadLimits,
): Promise<{ files: PreparedFile[]; refusals: Refusal[] }> {
  const refusals: Refusal[] = [];
  const prepared: PreparedFile[] = [];
  let total = 0;
  for (const [index, file] of files.entries()) {
    const name = safeFileName(file.name);
    const refuse = (reason: RefusalReason) => refusals.push({ index, name, reason });
    if (index >= limits.maxFiles) {
      refuse('too_many');
      continue;
    }
    total += file.buffer.length;
    if (file.truncated || file.buffer.length > limits.maxFileBytes || total > limits.maxTotalBytes) {
      refuse('too_large');
      continue;
    }
    if (file.buffer.length === 0) {
      refuse('empty');
      continue;
    }
    const kind = classifyEvidence(file.buffer);
    const refusal = refusalOf(kind);
    if (refusal) {
      refuse(refusal);
      continue;
    }
    if (kind === 'pdf') {
      prepared.push({
        name,
        mediaType: 'application/pdf',
        ext: 'pdf',
        buffer: file.buffer,
        sha256: createHash('sha256').update(file.buffer).digest('hex'),
        width: null,
        height: null,
        originalBytes: file.buffer.length,
        sniffedType: kind,
      });
      continue;
    }
    try {
      const out = await reencode(kind as 'jpeg', file.buffer);
      prepared.push({
        name,
        mediaType: out.mediaType,
        ext: out.ext,
        buffer: out.buffer,
        sha256: createHash('sha256').update(out.buffer).digest('hex'),
        width: out.width,
        height: out.height,
        originalBytes: file.buffer.length,
        sniffedType: kind,
      });
    } catch (err) {
      // The prebuilt libvips decodes AVIF but not HEVC-coded HEIC (patents): say what to do instead.
      refuse(
        /pixel limit/i.test(String((err as Error).message))
          ? 'image_too_big'
          : kind === 'heic'
            ? 'heic_unsupported'
            : 'image_unreadable',
      );
    }
  }
  return { files: refusals.length ? [] : prepared, refusals };
}

const REASONS: Record<Locale, Record<RefusalReason, string>> = {
  'zh-CN': {
    too_large: '文件过大（单个上限 {fileLimit}，合计上限 {totalLimit}）',
    too_many: '文件过多，最多 {maxFiles} 个',
    empty: '文件为空',
    executable: '不接受可执行文件或脚本（按内容识别，与扩展名无关）',
    archive: '不接受压缩包，请直接上传图片或 PDF',
    type_not_accepted: '仅接受 JPEG、PNG、WebP、GIF、AVIF 图片或 PDF（按内容识别）',
    image_unreadable: '图片无法读取（文件损坏或格式不受支持）',
    heic_unsupported: '暂不支持 HEIC 格式，请在相机设置中选择“兼容性最佳”，或截图后上传',
    image_too_big: '图片像素过多，请缩小后再上传',
  },
  'en-US': {
    too_large: 'too large (at most {fileLimit} per file, {totalLimit} in all)',
    too_many: 'too many files; at most {maxFiles}',
    empty: 'the file is empty',
    executable: 'executables and scripts are not accepted (judged by content, whatever the name)',
    archive: 'archives are not accepted; upload the images or PDFs themselves',
    type_not_accepted: 'only JPEG, PNG, WebP, GIF, AVIF images or PDF are accepted (judged by content)',
    image_unreadable: 'the image cannot be read (damaged, or a format that is not supported)',
    heic_unsupported:
      'HEIC photos cannot be read yet; set the camera to "Most Compatible" or upload a screenshot',
    image_too_big: 'the image has too many pixels; make it smaller and try again',
  },
};

/** The refusal of a whole submission: 422 evidence_rejected with one detail per refused file. */
export function evidenceRejected(
  locale: Locale,
  refusals: readonly Refusal[],
  limits: UploadLimits,
): AppError {
  const params: Record<string, string> = {
    fileLimit: formatByteLimit(limits.maxFileBytes),
    totalLimit: formatByteLimit(limits.maxTotalBytes),
    maxFiles: String(limits.maxFiles),
  };
  const details: ErrorDetail[] = refusals.map((r) => ({
    field: 'files',
    index: r.index,
    fileName: r.name,
    reason: r.reason,
    message: `${r.name}: ${REASONS[locale][r.reason].replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m)}`,
  }));
  return new AppError('evidence_rejected', { count: refusals.length }, details, 422);
}

/** Limits from the office setting, each bounded; defaults for anything missing or nonsensical. */
export function parseUploadLimits(raw: string | undefined): UploadLimits {
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = raw ? JSON.parse(raw) : {};
    if (value && typeof value === 'object' && !Array.isArray(value))
      parsed = value as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  const pick = (key: keyof UploadLimits, min: number, max: number) => {
    const v = parsed[key];
    return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? v
      : DEFAULT_UPLOAD_LIMITS[key];
  };
  return {
    maxFiles: pick('maxFiles', 0, 20),
    maxFileBytes: pick('maxFileBytes', 1024, 50 * 1024 * 1024),
    maxTotalBytes: pick('maxTotalBytes', 1024, 200 * 1024 * 1024),
  };
}
