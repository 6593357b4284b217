// Streaming decoder for syslog over TCP/TLS (RFC 6587): octet-counting ("<len> <msg>") and newline
// framing (LF, CRLF or NUL as the trailer). The method is detected from the connection's first byte (a
// digit means octet-counting); an octet-counting connection that sends a frame without a length prefix
// gets that frame read up to its trailer, as rsyslog does. Chunks may be split anywhere, including
// inside the length prefix. A frame over `maxFrameBytes` is reported once and skipped; the connection
// goes on. Work is linear in the bytes pushed.

export type DecodedFrame = { ok: true; frame: Buffer } | { ok: false; error: string };

export interface FrameDecoderOptions {
  /** Largest accepted frame in bytes (default 64 KiB, rsyslog's usual maximum is 8 KiB to 64 KiB). */
  maxFrameBytes?: number;
}

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
const MAX_PREFIX_DIGITS = 10;
const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const SP = 0x20;

type Mode = 'unknown' | 'octet' | 'newline';
type State =
  | { kind: 'frameStart' }
  | { kind: 'prefix'; digits: string }
  | { kind: 'octets'; remaining: number; parts: Buffer[] }
  | { kind: 'skipOctets'; remaining: number }
  | { kind: 'line'; parts: Buffer[]; size: number }
  | { kind: 'skipLine' };

export class SyslogFrameDecoder {
  readonly maxFrameBytes: number;
  #mode: Mode = 'unknown';
  #state: State = { kind: 'frameStart' };

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxFrameBytes must be a positive integer');
    this.maxFrameBytes = max;
  }

  /** The framing detected for this connection, once the first byte has arrived. */
  get framing(): 'octet-counting' | 'newline' | undefined {
    return this.#mode === 'unknown' ? undefined : this.#mode === 'octet' ? 'octet-counting' : 'newline';
  }

  /** Feeds bytes; returns the frames (and errors) completed by them, in order. */
  push(chunk: Buffer): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    let i = 0;
    const n = chunk.length;
    // Next NUL in the chunk, remembered so a chunk of many LF-framed lines is not rescanned per line.
    let nulAt = -2;
    const trailerIndex = (from: number): number => {
      const lf = chunk.indexOf(LF, from);
      if (nulAt !== -1 && nulAt < from) nulAt = chunk.indexOf(NUL, from);
      if (lf < 0) return nulAt;
      return nulAt < 0 ? lf : Math.min(lf, nulAt);
    };
    while (i < n) {
      const st = this.#state;
      switch (st.kind) {
        case 'frameStart': {
          const b = chunk[i] ?? 0;
          // Stray trailers between frames (an octet-counted frame followed by LF, a CRLF pair...).
          if (b === LF || b === CR || b === NUL || (b === SP && this.#mode !== 'newline')) {
            i++;
            break;
          }
          const digit = b >= 0x30 && b <= 0x39;
          if (this.#mode === 'unknown') this.#mode = digit && b !== 0x30 ? 'octet' : 'newline';
          if (this.#mode === 'octet' && digit) this.#state = { kind: 'prefix', digits: '' };
          else this.#state = { kind: 'line', parts: [], size: 0 };
          break;
        }
        case 'prefix': {
          const b = chunk[i] ?? 0;
          if (b >= 0x30 && b <= 0x39 && st.digits.length < MAX_PREFIX_DIGITS) {
            st.digits += String.fromCharCode(b);
            i++;
            break;
          }
          if (b === SP && st.digits !== '' && st.digits[0] !== '0') {
            i++;
            const len = Number(st.digits);
            if (len > this.maxFrameBytes) {
              out.push({
                ok: false,
                error: `frame of ${len} bytes exceeds the ${this.maxFrameBytes}-byte maximum; skipped`,
              });
              this.#state = { kind: 'skipOctets', remaining: len };
            } else this.#state = { kind: 'octets', remaining: len, parts: [] };
            break;
          }
          // Not a length prefix after all: the digits start a newline-framed message.
          const head = Buffer.from(st.digits, 'latin1');
          this.#state = { kind: 'line', parts: [head], size: head.length };
          break;
        }
        case 'octets': {
          const take = Math.min(st.remaining, n - i);
          st.parts.push(chunk.subarray(i, i + take));
          st.remaining -= take;
          i += take;
          if (st.remaining === 0) {
            out.push({ ok: true, frame: concat(st.parts) });
            this.#state = { kind: 'frameStart' };
          }
          break;
        }
        case 'skipOctets': {
          const take = Math.min(st.remaining, n - i);
          st.remaining -= take;
          i += take;
          if (st.remaining === 0) this.#state = { kind: 'frameStart' };
          break;
        }
        case 'line': {
          const end = trailerIndex(i);
          const stop = end < 0 ? n : end;
          const size = st.size + (stop - i);
          if (size > this.maxFrameBytes) {
            out.push({
              ok: false,
              error: `frame longer than the ${this.maxFrameBytes}-byte maximum; skipped`,
            });
            this.#state = end < 0 ? { kind: 'skipLine' } : { kind: 'frameStart' };
            i = end < 0 ? n : end + 1;
            break;
          }
          if (stop > i) st.parts.push(chunk.subarray(i, stop));
          st.size = size;
          if (end < 0) {
            i = n;
            break;
          }
          i = end + 1;
          this.#emitLine(st.parts, out);
          this.#state = { kind: 'frameStart' };
          break;
        }
        case 'skipLine': {
          const end = trailerIndex(i);
          if (end < 0) i = n;
          else {
            i = end + 1;
            this.#state = { kind: 'frameStart' };
          }
          break;
        }
      }
    }
    // Keep references to the caller's chunk only as copies, so its buffer can be reused.
    const st = this.#state;
    if (st.kind === 'line' && st.parts.length > 0) st.parts = [concat(st.parts)];
    if (st.kind === 'octets' && st.parts.length > 0) st.parts = [concat(st.parts)];
    return out;
  }

  /** The connection closed: a newline-framed message without its trailer is still a message. */
  end(): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    const st = this.#state;
    if (st.kind === 'line') this.#emitLine(st.parts, out);
    else if (st.kind === 'octets') {
      const got = st.parts.reduce((s, p) => s + p.length, 0);
      out.push({
        ok: false,
        error: `connection closed inside a frame (${got} of ${got + st.remaining} bytes)`,
      });
    } else if (st.kind === 'prefix')
      out.push({ ok: false, error: 'connection closed inside a length prefix' });
    this.#state = { kind: 'frameStart' };
    return out;
  }

  #emitLine(parts: Buffer[], out: DecodedFrame[]): void {
    let frame = concat(parts);
    if (frame.length > 0 && frame[frame.length - 1] === CR) frame = frame.subarray(0, frame.length - 1);
    if (frame.length > 0) out.push({ ok: true, frame });
  }
}

function concat(parts: Buffer[]): Buffer {
  if (parts.length === 1 && parts[0]) return Buffer.from(parts[0]);
  return Buffer.concat(parts);
}
