import { inflateRawSync } from 'node:zlib';

/** One file of a ZIP archive, decompressed. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

export class ZipError extends Error {}

/**
 * Reads the files of a ZIP archive (stored or deflated) from its central directory. Feeds are small
 * archives of JSON files, so the whole archive is in memory; the total decompressed size is capped so a
 * ZIP bomb is refused rather than expanded.
 */
export function readZip(buffer: Buffer, maxTotalBytes: number, maxEntries = 20_000): ZipEntry[] {
  // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a ZIP archive (no end of central directory)');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  if (count > maxEntries) throw new ZipError(`the archive has more than ${maxEntries} files`);
  const entries: ZipEntry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50) {
      throw new ZipError('the central directory is damaged');
    }
    const flags = buffer.readUInt16LE(offset + 8);
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString(flags & 0x800 ? 'utf8' : 'latin1', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (flags & 1) throw new ZipError(`${name} is encrypted`);
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== 0x04034b50) {
      throw new ZipError(`${name}: local header is damaged`);
    }
    const dataStart =
      localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > buffer.length) throw new ZipError(`${name} is truncated`);
    total += size;
    if (total > maxTotalBytes) throw new ZipError(`the archive expands to more than ${maxTotalBytes} bytes`);
    const raw = buffer.subarray(dataStart, dataStart + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        // The declared size may lie: the output is capped at what it claims, plus nothing.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
      } catch (err) {
        throw new ZipError(`${name}: ${(err as Error).message}`);
      }
    } else throw new ZipError(`${name} uses compression method ${method}, not stored or deflate`);
    if (data.length !== size) throw new ZipError(`${name}: size does not match the directory`);
    entries.push({ name, data });
  }
  return entries;
}
