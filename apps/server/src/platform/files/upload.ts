import type { FastifyRequest } from 'fastify';
import { AppError } from '../http/app-error.ts';
import { describeSchemaIssues } from '../http/validation-messages.ts';
import { decodeText, type SniffResult, sniffFileType, type TextEncodingName } from './sniff.ts';

export type AcceptedUpload = 'xlsx' | 'csv';

export interface ReadUploadOptions {
  /** Largest accepted file, in bytes; larger answers 413 file_too_large. */
  maxBytes: number;
  /** Types accepted, judged by content (see sniffFileType); anything else answers 415 file_type_rejected. */
  accept: readonly AcceptedUpload[];
  /** The multipart field holding the file. */
  field?: string;
}

export type Upload =
  | { type: 'xlsx'; fileName: string; buffer: Buffer; fields: Record<string, string> }
  | {
      type: 'csv';
      fileName: string;
      buffer: Buffer;
      encoding: TextEncodingName;
      /** The decoded text, BOM removed. */
      text: string;
      fields: Record<string, string>;
    };

const LABELS: Record<AcceptedUpload, string> = { xlsx: 'XLSX', csv: 'CSV' };

/** "20 MB", "512 KB": the limit as people read it. */
export function formatByteLimit(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} B`;
}

function isFileTooLarge(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE';
}

function fieldValues(fields: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, part] of Object.entries(fields ?? {})) {
    // A field sent once is one part; only plain (non-file) fields sent before the file carry a value.
    if (part && typeof part === 'object' && 'value' in part && typeof part.value === 'string') {
      out[name] = part.value;
    }
  }
  return out;
}

function accepted(sniffed: SniffResult, accept: readonly AcceptedUpload[]): boolean {
  return (sniffed.type === 'xlsx' || sniffed.type === 'csv') && accept.includes(sniffed.type);
}

/**
 * Reads the one file of a multipart request into memory and identifies it by content. The declared
 * name and MIME type are never trusted: a PNG renamed to .xlsx is refused here.
 */
export async function readUpload(request: FastifyRequest, options: ReadUploadOptions): Promise<Upload> {
  const field = options.field ?? 'file';
  const limit = formatByteLimit(options.maxBytes);
  // Said like a schema "required" failure, so the message comes in the caller's language.
  const missing = () =>
    AppError.invalid(
      describeSchemaIssues(
        request.locale,
        [{ keyword: 'required', instancePath: '', params: { missingProperty: field } }],
        'body',
      ),
    );
  if (!request.isMultipart()) throw missing();
  let buffer: Buffer;
  let fileName: string;
  let fields: Record<string, string>;
  try {
    const part = await request.file({ limits: { fileSize: options.maxBytes, files: 1 } });
    if (!part) throw missing();
    if (part.fieldname !== field) {
      part.file.resume();
      throw missing();
    }
    buffer = await part.toBuffer();
    fileName = part.filename;
    fields = fieldValues(part.fields);
  } catch (err) {
    if (isFileTooLarge(err)) throw new AppError('file_too_large', { limit });
    throw err;
  }
  if (buffer.length > options.maxBytes) throw new AppError('file_too_large', { limit });
  const sniffed = sniffFileType(buffer);
  // An empty file is an empty text file: a CSV with no rows, which the caller reports as such.
  if (sniffed.type === 'empty' && options.accept.includes('csv')) {
    return { type: 'csv', fileName, buffer, encoding: 'utf-8', text: '', fields };
  }
  if (!accepted(sniffed, options.accept)) {
    throw new AppError(
      'file_type_rejected',
      { expected: options.accept.map((a) => LABELS[a]).join(' / ') },
      { detected: sniffed.type, fileName },
    );
  }
  if (sniffed.type === 'csv') {
    return {
      type: 'csv',
      fileName,
      buffer,
      encoding: sniffed.encoding,
      text: decodeText(buffer, sniffed.encoding),
      fields,
    };
  }
  return { type: 'xlsx', fileName, buffer, fields };
}

export interface RawUpload {
  fileName: string;
  buffer: Buffer;
  sniffed: SniffResult;
  /** Plain fields sent before the file. */
  fields: Record<string, string>;
}

/**
 * Reads the one file of a multipart request into memory with its content-sniffed type, for callers
 * that accept other types than spreadsheets (they decide what to refuse by `sniffed`).
 */
export async function readRawUpload(
  request: FastifyRequest,
  options: { maxBytes: number; field?: string },
): Promise<RawUpload> {
  const field = options.field ?? 'file';
  const limit = formatByteLimit(options.maxBytes);
  const missing = () =>
    AppError.invalid(
      describeSchemaIssues(
        request.locale,
        [{ keyword: 'required', instancePath: '', params: { missingProperty: field } }],
        'body',
      ),
    );
  if (!request.isMultipart()) throw missing();
  try {
    const part = await request.file({ limits: { fileSize: options.maxBytes, files: 1 } });
    if (!part) throw missing();
    if (part.fieldname !== field) {
      part.file.resume();
      throw missing();
    }
    const buffer = await part.toBuffer();
    if (buffer.length > options.maxBytes) throw new AppError('file_too_large', { limit });
    return {
      fileName: part.filename,
      buffer,
      sniffed: sniffFileType(buffer),
      fields: fieldValues(part.fields),
    };
  } catch (err) {
    if (isFileTooLarge(err)) throw new AppError('file_too_large', { limit });
    throw err;
  }
}
