import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { insertSource, tableRecorder, testIngest } from './ingest.test-support.ts';

// Real senders: Debian's logger(1) to the UDP and TCP listeners (RFC 3164 and 5424, newline and octet
// counting framing), a TLS client, unregistered senders, and a misbehaving source beside a good one.

const run = promisify(execFile);
let ctx: TestContext;
let w: NoticeWorld;
let t: Awaited<ReturnType<typeof testIngest>>;
let recorder: Awaited<ReturnType<typeof tableRecorder>>;
let udpSource: number;
let tcpSource: number;
let ports: { udp: number; tcp: number; tls: number };

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
  udpSource = await insertSource(ctx, {
    name: 'UDP firewall',
    kind: 'syslog',
    unitId: w.unitA.id,
    transport: 'syslog_udp',
    allowedSenders: ['127.0.0.0/8'],
  });
  tcpSource = await insertSource(ctx, {
    name: 'TCP servers',
    kind: 'syslog',
    unitId: w.unitA.id,
    transport: 'syslog_tcp',
    allowedSenders: ['127.0.0.1', '::1'],
  });
  // The TLS source only takes one far-away address: loopback senders are unregistered.
  await insertSource(ctx, {
    name: 'TLS only from 10.9.9.9',
    kind: 'syslog',
    unitId: w.unitA.id,
    transport: 'syslog_tls',
    allowedSenders: ['10.9.9.9'],
  });
  recorder = await tableRecorder(ctx.services.database.db);
  t = await testIngest(ctx, { host: '127.0.0.1', maxRecordBytes: 4096 }, recorder, 'listeners');
  await t.ingest.start({ listen: true, ports: { udp: 0, tcp: 0, tls: 0 } });
  const p = t.ingest.ports();
  ports = { udp: p.udp ?? 0, tcp: p.tcp ?? 0, tls: p.tls ?? 0 };
});
afterAll(async () => {
  await t?.ingest.stop();
  await ctx?.close();
});

const logger = (...args: string[]) => run('/usr/bin/logger', ['-n', '127.0.0.1', ...args]);

async function rawOf(sourceId: number) {
  return ctx.services.database.db
    .selectFrom('raw_events')
    .selectAll()
    .where('source_id', '=', sourceId)
    .orderBy('id')
    .execute();
}

/** Waits until the source has `n` stored events (UDP and the pipeline are asynchronous). */
async function waitFor(sourceId: number, n: number, ms = 10_000) {
  const until = Date.now() + ms;
  for (;;) {
    await t.ingest.drain();
    const rows = await rawOf(sourceId);
    if (rows.length >= n || Date.now() > until) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('syslog listeners with real senders', () => {
  it('receives logger over UDP in RFC 3164 and RFC 5424 and detects on the way', async () => {
    await logger(
      '--udp',
      '-P',
      String(ports.udp),
      '--rfc3164',
      '-t',
      'sshd',
      'Failed password for root from 203.0.113.4',
    );
    await logger(
      '--udp',
      '-P',
      String(ports.udp),
      '--rfc5424',
      '-t',
      'nginx',
      '--msgid',
      'ACCESS',
      '--sd-id',
      'origin@32473',
      '--sd-param',
      'ip="192.0.2.10"',
      'ALERT webshell upload /upload/x.php',
    );
    const rows = await waitFor(udpSource, 2);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.parse_error)).toEqual([null, null]);
    expect(rows[0]?.message).toContain('Failed password for root');
    const second = JSON.parse(rows[1]?.event ?? '{}');
    expect(second.log.syslog).toMatchObject({ appname: 'nginx', msgid: 'ACCESS' });
    expect(await recorder.messages()).toEqual([expect.stringContaining('ALERT webshell upload')]);
  });

  it('receives logger over TCP with newline and octet-counting framing', async () => {
    await logger('--tcp', '-P', String(ports.tcp), '--rfc5424', '-t', 'app', 'newline framed one');
    await logger(
      '--tcp',
      '-P',
      String(ports.tcp),
      '--octet-count',
      '--rfc5424',
      '-t',
      'app',
      'octet counted\nwith a newline inside',
    );
    await logger(
      '--tcp',
      '-P',
      String(ports.tcp),
      '--octet-count',
      '--rfc3164',
      '-t',
      'app',
      'octet counted 3164',
    );
    const rows = await waitFor(tcpSource, 3);
    expect(rows.map((r) => r.message)).toEqual([
      'newline framed one',
      'octet counted\nwith a newline inside',
      'octet counted 3164',
    ]);
    const detail = await ctx.services.eventSources.get(systemActor(), tcpSource);
    expect(detail.lastHour).toMatchObject({ received: 3, parsed: 3, failed: 0, dropped: 0 });
  });

  it('counts an unregistered sender and drops its events, visibly', async () => {
    const socket = tls.connect({ host: '127.0.0.1', port: ports.tls, rejectUnauthorized: false });
    await new Promise<void>((r) => socket.once('secureConnect', () => r()));
    socket.end('<13>1 2026-11-21T10:00:00Z host app - - - from nowhere\n');
    await new Promise((r) => socket.once('close', r));
    const until = Date.now() + 5000;
    let rows: Array<{ address: string; transport: string; events: number }> = [];
    while (Date.now() < until) {
      await t.ingest.accounting.flush();
      rows = (await ctx.services.eventSources.unregistered(systemActor())).items;
      if (rows.some((r) => r.transport === 'syslog_tls')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows).toContainEqual(expect.objectContaining({ transport: 'syslog_tls', events: 1 }));
    expect(
      (
        await ctx.services.database.db
          .selectFrom('raw_events')
          .select('id')
          .where('raw', 'like', '%from nowhere%')
          .execute()
      ).length,
    ).toBe(0);
  });

  it('keeps a good source whole while another sends garbage, oversized and broken frames', async () => {
    const before = (await rawOf(tcpSource)).length;
    const udp = dgram.createSocket('udp4');
    const garbage = [Buffer.from([0xff, 0xfe, 0x00, 0x80]), Buffer.alloc(5000, 0x41), Buffer.from('<999>')];
    for (const g of garbage) await new Promise<void>((r) => udp.send(g, ports.udp, '127.0.0.1', () => r()));
    udp.close();
    const good = net.connect(ports.tcp, '127.0.0.1');
    await new Promise<void>((r) => good.once('connect', () => r()));
    const lines = Array.from({ length: 200 }, (_, i) => `<14>Nov 21 10:00:00 host app: good ${i}\n`).join('');
    good.end(lines);
    await new Promise((r) => good.once('close', r));
    const rows = await waitFor(tcpSource, before + 200);
    expect(rows.length - before).toBe(200);
    expect(rows.slice(before).every((r) => r.parse_error === null)).toBe(true);
    // The oversized datagram is counted as failed, with the reason.
    const bad = await waitFor(udpSource, 5);
    expect(bad.some((r) => r.parse_error?.includes('exceeds'))).toBe(true);
  });
});
