import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { MonitorFetchError } from './fetch-error.ts';

export interface BodyLimits {
  maxBodyBytes: number;
  maxDecompressedBytes: number;
  onLimit: 'truncate' | 'throw';
}

export interface BodyRead {
  body: Buffer;
  wireBytes: number;
  truncation?: { reason: 'max_body_bytes' | 'max_decompressed_bytes'; limit: number };
}

const MAX_ENCODING_LAYERS = 2;
// Lenient end of stream: a body cut at the wire cap still yields what was inflated so far.
const LENIENT = { finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 64 * 1024 };

function decoderFor(encoding: string, firstChunk: Buffer): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(LENIENT);
    case 'br':
      return createBrotliDecompress({
        flush: constants.BROTLI_OPERATION_FLUSH,
        chunkSize: LENIENT.chunkSize,
      });
    case 'deflate': {
      // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: look at the header.
      const b0 = firstChunk[0] ?? 0;
      const b1 = firstChunk[1] ?? 0;
      const zlibWrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
      return zlibWrapped ? createInflate(LENIENT) : createInflateRaw(LENIENT);
    }
    default:
      return null;
  }
}

/** Content-Encoding tokens we decode, outermost last; identity dropped. Unknown encodings keep raw bytes. */
export function contentEncodings(header: string | undefined): string[] | 'unsupported' {
  const list = (header ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'identity');
  if (list.length > MAX_ENCODING_LAYERS) return 'unsupported';
  if (list.some((e) => !['gzip', 'x-gzip', 'br', 'deflate'].includes(e))) return 'unsupported';
  return list.reverse();
}

/**
 * Reads a response body under two caps: bytes on the wire and bytes after decompression. Past either
 * cap the connection is dropped and inflating stops at once, so a gzip bomb never grows past the cap
 * in memory. All work is streaming; zlib runs off the main thread.
 */
export function readBody(res: IncomingMessage, limits: BodyLimits, onCap: () => void): Promise<BodyRead> {
  const encodings = contentEncodings(res.headers['content-encoding']);
  const layers = encodings === 'unsupported' ? [] : encodings;
  return new Promise<BodyRead>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let wireBytes = 0;
    let settled = false;
    const decoders: Transform[] = [];
    let truncation: BodyRead['truncation'];

    const finish = (err?: MonitorFetchError) => {
      if (settled) return;
      settled = true;
      res.removeAllListeners('data');
      for (const d of decoders) {
        d.removeAllListeners('data');
        d.destroy();
      }
      if (err) reject(err);
      else resolve({ body: Buffer.concat(chunks, size), wireBytes, ...(truncation ? { truncation } : {}) });
    };

    const hitCap = (reason: 'max_body_bytes' | 'max_decompressed_bytes', limit: number) => {
      truncation = { reason, limit };
      onCap();
      if (limits.onLimit === 'throw') {
        const kind = reason === 'max_body_bytes' ? 'too_large' : 'decompression_bomb';
        finish(
          new MonitorFetchError(kind, 'body', `the body is larger than ${limit} bytes (${reason})`, {
            limit,
            wireBytes,
            decompressedBytes: size,
          }),
        );
      } else if (reason === 'max_decompressed_bytes') finish();
      else endInput();
    };

    let inputEnded = false;
    const endInput = () => {
      if (inputEnded) return;
      inputEnded = true;
      if (decoders[0]) decoders[0].end();
      else finish();
    };

    const collect = (chunk: Buffer) => {
      if (settled || truncation?.reason === 'max_decompressed_bytes') return;
      const room = limits.maxDecompressedBytes - size;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size += Math.max(0, room);
        hitCap('max_decompressed_bytes', limits.maxDecompressedBytes);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };

    const setUpDecoders = (first: Buffer) => {
      for (const encoding of layers) {
        const d = decoderFor(encoding, first);
        if (d) decoders.push(d);
      }
      decoders.forEach((d, i) => {
        d.on('error', (err: Error) =>
          finish(
            new MonitorFetchError('protocol', 'body', `cannot decode the ${layers[i]} body: ${err.message}`),
          ),
        );
        const next = decoders[i + 1];
        if (next) d.pipe(next);
      });
      const last = decoders.at(-1);
      if (last) {
        last.on('data', collect);
        last.on('end', () => finish());
      }
    };

    res.on('data', (chunk: Buffer) => {
      if (settled || truncation) return;
      if (wireBytes === 0 && layers.length > 0) setUpDecoders(chunk);
      wireBytes += chunk.length;
      let piece = chunk;
      if (wireBytes > limits.maxBodyBytes)
        piece = chunk.subarray(0, chunk.length - (wireBytes - limits.maxBodyBytes));
      if (decoders[0]) decoders[0].write(piece);
      else collect(piece);
      if (wireBytes > limits.maxBodyBytes && !settled) hitCap('max_body_bytes', limits.maxBodyBytes);
    });
    res.on('end', endInput);
    // After a cap we dropped the connection ourselves: its errors are expected, not the server's fault.
    res.on('error', (err: Error) => {
      if (truncation) return;
      finish(
        new MonitorFetchError(
          'protocol',
          'body',
          `the connection broke while reading the body: ${err.message}`,
        ),
      );
    });
    res.on('close', () => {
      if (truncation || res.complete) return;
      finish(
        new MonitorFetchError(
          'protocol',
          'body',
          'the server closed the connection before the body was complete',
        ),
      );
    });
  });
}
