import { describe, expect, it } from 'vitest';
import { type DecodedFrame, SyslogFrameDecoder } from './syslog-framing.ts';

function texts(frames: DecodedFrame[]): string[] {
  return frames.map((f) => (f.ok ? f.frame.toString('utf8') : `ERROR ${f.error}`));
}

/** Feeds `input` split at the given offsets, then closes the connection. */
function decodeSplit(input: Buffer, cuts: number[], max?: number): string[] {
  const d = new SyslogFrameDecoder({ maxFrameBytes: max });
  const out: DecodedFrame[] = [];
  let prev = 0;
  for (const cut of [...cuts, input.length]) {
    out.push(...d.push(input.subarray(prev, cut)));
    prev = cut;
  }
  out.push(...d.end());
  return texts(out);
}

const a = '<13>1 - h app - - - first';
const b = '<13>Nov 21 10:00:00 h app: second, with 中文';
const octet = (m: string) => `${Buffer.byteLength(m)} ${m}`;

describe('SyslogFrameDecoder', () => {
  it('decodes octet-counted frames, whatever the chunk boundaries (inside the length prefix too)', () => {
    const input = Buffer.from(octet(a) + octet(b) + octet(a));
    const whole = decodeSplit(input, []);
    expect(whole).toEqual([a, b, a]);
    for (let cut = 1; cut < input.length; cut++) expect(decodeSplit(input, [cut])).toEqual(whole);
    // Byte by byte, splitting multi-byte characters.
    expect(
      decodeSplit(
        input,
        Array.from({ length: input.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(whole);
    const d = new SyslogFrameDecoder();
    d.push(Buffer.from('2'));
    expect(d.framing).toBe('octet-counting');
  });

  it('decodes LF, CRLF and NUL framing and skips empty frames', () => {
    const input = Buffer.from(`${a}\n${b}\r\n\n${a}\0${b}`);
    expect(decodeSplit(input, [])).toEqual([a, b, a, b]);
    for (let cut = 1; cut < input.length; cut++) expect(decodeSplit(input, [cut])).toEqual([a, b, a, b]);
    const d = new SyslogFrameDecoder();
    d.push(Buffer.from('<'));
    expect(d.framing).toBe('newline');
  });

  it('reads a frame without a length prefix on an octet-counting connection up to its trailer', () => {
    expect(decodeSplit(Buffer.from(`${octet(a)}${b}\n${octet(a)}`), [])).toEqual([a, b, a]);
    // A digit run that is not a length prefix starts a newline-framed message.
    expect(decodeSplit(Buffer.from(`${octet(a)}2026-11-21 host x\n`), [])).toEqual([a, '2026-11-21 host x']);
  });

  it('reports a huge octet-counted frame once, skips it, and goes on', () => {
    const huge = 'x'.repeat(5000);
    const input = Buffer.from(octet(a) + octet(huge) + octet(b));
    const expected = [a, 'ERROR frame of 5000 bytes exceeds the 1024-byte maximum; skipped', b];
    expect(decodeSplit(input, [], 1024)).toEqual(expected);
    expect(decodeSplit(input, [40, 100, 2000, 4000, 5010], 1024)).toEqual(expected);
  });

  it('reports a huge newline-framed line once, skips it, and goes on', () => {
    const input = Buffer.from(`${a}\n${'y'.repeat(4000)}\n${b}\n`);
    const expected = [a, 'ERROR frame longer than the 1024-byte maximum; skipped', b];
    expect(decodeSplit(input, [], 1024)).toEqual(expected);
    expect(decodeSplit(input, [30, 500, 1500, 3000, 4030], 1024)).toEqual(expected);
  });

  it('flushes an unterminated line at close and reports a frame cut short', () => {
    expect(decodeSplit(Buffer.from(`${a}\n${b}`), [])).toEqual([a, b]);
    expect(decodeSplit(Buffer.from(`${octet(a)}100 <13>short`), [])).toEqual([
      a,
      'ERROR connection closed inside a frame (9 of 100 bytes)',
    ]);
    expect(decodeSplit(Buffer.from(`${octet(a)}12`), [])).toEqual([
      a,
      'ERROR connection closed inside a length prefix',
    ]);
  });

  it('does not keep references to the caller’s chunks', () => {
    const d = new SyslogFrameDecoder();
    const chunk = Buffer.from(`${a}\n<13>par`);
    const first = d.push(chunk);
    chunk.fill(0x41);
    const rest = d.push(Buffer.from('tial\n'));
    expect(texts([...first, ...rest])).toEqual([a, '<13>partial']);
  });

  it('refuses a nonsensical maximum', () => {
    expect(() => new SyslogFrameDecoder({ maxFrameBytes: 0 })).toThrow(RangeError);
  });
});
