// What Debian's util-linux `logger` really sends, parsed: captured lines, and (when `logger` is
// installed) live messages over UDP and TCP to sockets on 127.0.0.1, port 0.
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../event-schema.ts';
import { createParser } from './create-parser.ts';
import { SyslogFrameDecoder } from './syslog-framing.ts';

const run = promisify(execFile);
type Parsed = Omit<SecurityEvent, 'shouwang'>;

function parseOk(line: string, timezone = 'UTC', now = new Date('2026-11-21T19:40:00Z')): Parsed {
  const r = createParser('syslog', { timezone, now: () => now }).parse(line);
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

describe('util-linux logger output (captured)', () => {
  it('RFC 5424 with timeQuality and escaped structured data', () => {
    const e = parseOk(
      '<36>1 2026-11-21T19:39:31.939359+00:00 vm myapp - - [timeQuality tzKnown="1" isSynced="0"][zoo@123 tiger="hungry \\"cat\\""] hello 5424',
    );
    expect(e['@timestamp']).toBe('2026-11-21T19:39:31.939Z');
    expect(e.log?.syslog).toMatchObject({ facility: { code: 4 }, severity: { code: 4 }, appname: 'myapp' });
    expect(e.log?.syslog?.structured_data).toEqual({
      timeQuality: { tzKnown: '1', isSynced: '0' },
      'zoo@123': { tiger: 'hungry "cat"' },
    });
    expect(e.message).toBe('hello 5424');
  });

  it('RFC 3164 in the sender’s local time, and an octet-counted TCP stream', () => {
    const e = parseOk('<155>Nov 21 19:39:31 vm myapp: hello 3164');
    expect(e['@timestamp']).toBe('2026-11-21T19:39:31.000Z');
    expect(e.host?.name).toBe('vm');
    expect(e.log?.syslog).toMatchObject({ facility: { code: 19 }, severity: { code: 3 }, appname: 'myapp' });
    const decoder = new SyslogFrameDecoder();
    const frames = decoder.push(
      Buffer.from(
        '95 <13>1 2026-11-21T19:39:31.958488+00:00 vm app - - [timeQuality tzKnown="1" isSynced="0"] oc one',
      ),
    );
    expect(frames).toHaveLength(1);
    const f = frames[0];
    expect(f?.ok && parseOk(f.frame.toString('utf8')).message).toBe('oc one');
  });
});

const LOGGER = '/usr/bin/logger';
describe.skipIf(!existsSync(LOGGER))('live logger', { timeout: 30_000 }, () => {
  const zone = 'Asia/Shanghai';

  it('UDP: RFC 3164 and RFC 5424 datagrams parse, times within seconds of now', async () => {
    const socket = dgram.createSocket('udp4');
    const received: string[] = [];
    const two = new Promise<void>((resolve) =>
      socket.on('message', (m) => {
        received.push(m.toString('utf8'));
        if (received.length === 2) resolve();
      }),
    );
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = String(socket.address().port);
    try {
      // logger writes RFC 3164 times in its own local zone: run it in the zone the source is configured with.
      const env = { ...process.env, TZ: zone };
      await run(
        LOGGER,
        [
          '-n',
          '127.0.0.1',
          '-P',
          port,
          '-d',
          '--rfc3164',
          '-t',
          'sshd',
          '-p',
          'authpriv.notice',
          'Accepted publickey for 运维 from 10.0.0.8',
        ],
        { env },
      );
      await run(
        LOGGER,
        [
          '-n',
          '127.0.0.1',
          '-P',
          port,
          '-d',
          '--rfc5424',
          '-t',
          'app',
          '--sd-id',
          'x@1',
          '--sd-param',
          'k="v\\]"',
          'five',
        ],
        { env },
      );
      await two;
    } finally {
      socket.close();
    }
    const now = new Date();
    const events = received.map((line) => parseOk(line, zone, now));
    const e3164 = events.find((e) => e.log?.syslog?.appname === 'sshd');
    const e5424 = events.find((e) => e.log?.syslog?.appname === 'app');
    expect(e3164?.message).toBe('Accepted publickey for 运维 from 10.0.0.8');
    expect(e3164?.logsource).toEqual({ product: 'linux', service: 'sshd' });
    expect(e5424?.log?.syslog?.structured_data?.['x@1']).toEqual({ k: 'v]' });
    for (const e of [e3164, e5424])
      expect(Math.abs(Date.parse(e?.['@timestamp'] ?? '') - now.getTime())).toBeLessThan(10_000);
  });

  it('TCP: newline and octet-counted framing from logger decode to the messages sent', async () => {
    const chunks: Buffer[][] = [];
    let ended = 0;
    let bothEnded: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      bothEnded = resolve;
    });
    const server = net.createServer((c) => {
      const mine: Buffer[] = [];
      chunks.push(mine);
      c.on('data', (d) => mine.push(Buffer.isBuffer(d) ? d : Buffer.from(d)));
      c.on('end', () => {
        if (++ended === 2) bothEnded();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = String(typeof address === 'object' && address ? address.port : 0);
    try {
      await run(LOGGER, ['-n', '127.0.0.1', '-P', port, '-T', '--rfc3164', '-t', 'a', 'newline framed']);
      await run(LOGGER, [
        '-n',
        '127.0.0.1',
        '-P',
        port,
        '-T',
        '--octet-count',
        '--rfc5424',
        '-t',
        'b',
        'octet counted',
      ]);
      await done;
    } finally {
      server.close();
    }
    const messages = chunks.map((connection) => {
      const decoder = new SyslogFrameDecoder();
      const frames = [...connection.flatMap((c) => decoder.push(c)), ...decoder.end()];
      return frames.map((f) =>
        f.ok ? parseOk(f.frame.toString('utf8'), 'UTC', new Date()).message : f.error,
      );
    });
    expect(messages).toEqual([['newline framed'], ['octet counted']]);
  });
});
