import { readZip, ZipError } from '../../../platform/files/zip-reader.ts';
import { MonitorFetchError } from '../../monitoring/fetch/fetch-error.ts';
import type { SafeFetchOptions } from '../../monitoring/fetch/fetch-types.ts';
import { safeFetch } from '../../monitoring/fetch/safe-fetch.ts';
import type { FeedKind, ItemError, ParsedFeed } from './intel-import-types.ts';
import { parseCsvFeed, parseMispEvent, parseMispManifest } from './misp-import.ts';
import { parseStixBundle } from './stix-import.ts';

/** One file of a feed: an uploaded file, a member of an uploaded ZIP, or a fetched document. */
export interface FeedFile {
  name: string;
  data: Buffer;
}

export const MAX_FEED_BYTES = 200 * 1024 * 1024;
/** Events fetched from one MISP feed directory per import (newest first, by the manifest). */
export const MAX_MISP_EVENTS = 2_000;
const FETCH_CONCURRENCY = 4;

export type Progress = (phase: 'fetching' | 'parsing' | 'storing', done: number, total: number) => void;

/** An upload as files: the members of a ZIP archive, or the one file itself. */
export function filesOfUpload(fileName: string, buffer: Buffer): { files: FeedFile[]; errors: ItemError[] } {
  if (buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50) {
    try {
      return { files: readZip(buffer, MAX_FEED_BYTES), errors: [] };
    } catch (err) {
      const message = err instanceof ZipError ? err.message : String(err);
      return { files: [], errors: [{ item: fileName, error: message }] };
    }
  }
  return { files: [{ name: fileName, data: buffer }], errors: [] };
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function parseJson(file: FeedFile): { ok: true; json: unknown } | { ok: false; error: ItemError } {
  try {
    return { ok: true, json: JSON.parse(file.data.toString('utf8').replace(/^\uFEFF/, '')) };
  } catch (err) {
    return { ok: false, error: { item: file.name, error: `not valid JSON: ${(err as Error).message}` } };
  }
}

function merge(into: ParsedFeed, from: ParsedFeed): void {
  for (const i of from.indicators) into.indicators.push(i);
  for (const e of from.errors) into.errors.push(e);
}

/**
 * Reads a feed's files by its kind. STIX: every .json file is a bundle. MISP: with a manifest.json, the
 * events it lists (each <uuid>.json; a missing one is an error); without one, every .json file is an
 * event. CSV: every file that is not JSON. Files of other types in an archive are skipped, and said so.
 */
export function parseFeedFiles(kind: FeedKind, files: FeedFile[]): ParsedFeed {
  const out: ParsedFeed = { indicators: [], errors: [] };
  const prefix = (f: FeedFile) => (files.length > 1 ? `${f.name}: ` : '');
  const jsonFiles = files.filter((f) => /\.json$/i.test(f.name) || files.length === 1);
  if (kind === 'csv') {
    for (const f of files) {
      if (/\.json$/i.test(f.name) && files.length > 1) continue;
      const parsed = parseCsvFeed(f.data.toString('utf8'));
      for (const e of parsed.errors) e.item = `${prefix(f)}${e.item}`;
      merge(out, parsed);
    }
    return out;
  }
  if (jsonFiles.length === 0) {
    out.errors.push({ item: 'upload', error: 'no .json file found' });
    return out;
  }
  if (kind === 'stix') {
    for (const f of jsonFiles) {
      const parsed = parseJson(f);
      if (!parsed.ok) out.errors.push(parsed.error);
      else merge(out, parseStixBundle(parsed.json, prefix(f)));
    }
    return out;
  }
  const manifestFile = jsonFiles.find((f) => baseName(f.name).toLowerCase() === 'manifest.json');
  if (!manifestFile) {
    for (const f of jsonFiles) {
      const parsed = parseJson(f);
      if (!parsed.ok) out.errors.push(parsed.error);
      else merge(out, parseMispEvent(parsed.json, prefix(f)));
    }
    return out;
  }
  const manifestJson = parseJson(manifestFile);
  if (!manifestJson.ok) {
    out.errors.push(manifestJson.error);
    return out;
  }
  const manifest = parseMispManifest(manifestJson.json);
  out.errors.push(...manifest.errors);
  const byName = new Map(jsonFiles.map((f) => [baseName(f.name).toLowerCase(), f]));
  for (const uuid of manifest.uuids) {
    const f = byName.get(`${uuid}.json`);
    if (!f) {
      out.errors.push({ item: `${uuid}.json`, error: 'listed in manifest.json but not in the archive' });
      continue;
    }
    const parsed = parseJson(f);
    if (!parsed.ok) out.errors.push(parsed.error);
    else merge(out, parseMispEvent(parsed.json, `${uuid}.json: `));
  }
  return out;
}

function describeFetchError(err: unknown): string {
  if (err instanceof MonitorFetchError) return `${err.kind}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

async function fetchOne(url: string, options: SafeFetchOptions): Promise<Buffer> {
  const result = await safeFetch(url, {
    ...options,
    maxBodyBytes: MAX_FEED_BYTES,
    maxDecompressedBytes: MAX_FEED_BYTES,
    onLimit: 'throw',
    timeouts: { total: 120_000, firstByte: 30_000, ...options.timeouts },
  });
  if (result.status < 200 || result.status > 299) throw new Error(`HTTP ${result.status}`);
  return result.body;
}

/**
 * Fetches a feed through the SSRF guard. A MISP URL names a feed directory (or its manifest.json): the
 * manifest is read and then its events, newest first, at most MAX_MISP_EVENTS; a URL ending in another
 * .json file is one event. STIX and CSV URLs are one document. Each failed fetch is one error.
 */
export async function fetchFeedFiles(
  kind: FeedKind,
  url: string,
  options: SafeFetchOptions,
  progress: Progress,
): Promise<{ files: FeedFile[]; errors: ItemError[] }> {
  const errors: ItemError[] = [];
  const isManifest = /\/manifest\.json$/i.test(url);
  if (kind !== 'misp' || (/\.json$/i.test(url) && !isManifest)) {
    progress('fetching', 0, 1);
    try {
      const data = await fetchOne(url, options);
      progress('fetching', 1, 1);
      return { files: filesOfUpload(baseName(new URL(url).pathname) || 'feed', data).files, errors };
    } catch (err) {
      return { files: [], errors: [{ item: url, error: describeFetchError(err) }] };
    }
  }
  const base = isManifest ? url.replace(/manifest\.json$/i, '') : url.endsWith('/') ? url : `${url}/`;
  let manifestData: Buffer;
  try {
    manifestData = await fetchOne(`${base}manifest.json`, options);
  } catch (err) {
    return { files: [], errors: [{ item: `${base}manifest.json`, error: describeFetchError(err) }] };
  }
  const manifestFile = { name: 'manifest.json', data: manifestData };
  const parsed = parseJson(manifestFile);
  if (!parsed.ok) return { files: [], errors: [parsed.error] };
  const { uuids } = parseMispManifest(parsed.json);
  const wanted = uuids.slice(0, MAX_MISP_EVENTS);
  if (uuids.length > wanted.length) {
    errors.push({
      item: 'manifest.json',
      error: `lists ${uuids.length} events; the newest ${MAX_MISP_EVENTS} were imported`,
    });
  }
  // The manifest keeps only the events fetched, so the parse does not report the rest as missing.
  const kept = Object.fromEntries(
    Object.entries(parsed.json as Record<string, unknown>).filter(([k]) => wanted.includes(k.toLowerCase())),
  );
  const files: FeedFile[] = [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(kept)) }];
  let next = 0;
  let done = 0;
  progress('fetching', 0, wanted.length);
  const worker = async () => {
    while (next < wanted.length) {
      const uuid = wanted[next++] as string;
      try {
        files.push({ name: `${uuid}.json`, data: await fetchOne(`${base}${uuid}.json`, options) });
      } catch (err) {
        errors.push({ item: `${uuid}.json`, error: describeFetchError(err) });
      }
      progress('fetching', ++done, wanted.length);
    }
  };
  await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, worker));
  // An event that could not be fetched is reported once (above), not again as missing from the archive.
  const fetched = new Set(files.map((f) => f.name));
  const finalManifest = Object.fromEntries(
    Object.entries(kept).filter(([k]) => fetched.has(`${k.toLowerCase()}.json`)),
  );
  files[0] = { name: 'manifest.json', data: Buffer.from(JSON.stringify(finalManifest)) };
  return { files, errors };
}
