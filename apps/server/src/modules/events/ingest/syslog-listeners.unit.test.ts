import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeEntries, type JournalEntry } from './journal.ts';
import { createSourceDirectory, type SourceDirectory } from './source-directory.ts';
import { type SyslogListeners, startSyslogListeners } from './syslog-listeners.ts';

// The receiver thread without a database: when the queue behind the journal is full, TCP stops reading
// (and loses nothing once it resumes) while UDP drops and counts; a main thread too busy to take batches
// loses no datagrams, and holds no more of them than its hand-over bound.

let listeners: SyslogListeners | null = null;
afterEach(async () => {
  await listeners?.close();
  listeners = null;
});

async function setup(
  options: {
    handoverBytes?: number;
    /** Replaces what the listeners see of the directory (the real one is passed in). */
    directory?: (real: SourceDirectory) => SourceDirectory;
    onError?: (err: unknown) => void;
  } = {},
) {
  const directory = createSourceDirectory(async () => [
    {
      id: 7,
      name: 'fw',
      kind: 'syslog',
      unitId: 1,
      unitName: 'u',
      regionPath: '/1/',
      assetId: null,
      assetName: null,
      transport: 'syslog_udp',
      allowedSenders: ['127.0.0.1'],
      timezone: 'Asia/Shanghai',
      filePath: null,
      tokenId: null,
      tokenPrefix: null,
      enabled: true,
      createdAt: '',
      updatedAt: '',
    },
    {
      id: 8,
      name: 'servers',
      kind: 'syslog',
      unitId: 1,
      unitName: 'u',
      regionPath: '/1/',
      assetId: null,
      assetName: null,
      transport: 'syslog_tcp',
      allowedSenders: ['127.0.0.1'],
      timezone: 'Asia/Shanghai',
      filePath: null,
      tokenId: null,
      tokenPrefix: null,
      enabled: true,
      createdAt: '',
      updatedAt: '',
    },
  ]);
  await directory.refresh();
  const journaled: JournalEntry[] = [];
  const drops = new Map<number, number>();
  const state = { full: false, streamsFull: false };
  listeners = await startSyslogListeners({
    host: '127.0.0.1',
    udpPort: 0,
    tcpPort: 0,
    tlsPort: null,
    maxRecordBytes: 1024,
    accounting: {
      drop: (id, n = 1) => void drops.set(id, (drops.get(id) ?? 0) + n),
      unregistered: () => {},
    },
    appendEncoded: async (records) => {
      journaled.push(...decodeEntries(records));
    },
    room: () => ({ udp: state.full ? 0 : 1e9, streams: state.full || state.streamsFull ? 0 : 1e9 }),
    now: () => Date.now(),
    handoverBytes: options.handoverBytes,
    onError: options.onError,
    directory: options.directory ? options.directory(directory) : directory,
  });
  return { journaled, drops, state, ports: listeners.ports };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

/** Back-pressure reaches the receiver thread within a few milliseconds (it is published every 10 ms). */
const published = () => new Promise((r) => setTimeout(r, 50));

/** Sends `count` datagrams from another process (this thread will be busy), about `perMs` a millisecond. */
function sendFromChild(port: number, count: number, perMs: number): Promise<void> {
  const script = `
    const s = require('node:dgram').createSocket('udp4');
    let i = 0;
    const tick = () => {
      for (let k = 0; k < ${perMs} && i < ${count}; k++) s.send('<14>burst ' + ++i, ${port}, '127.0.0.1');
      if (i < ${count}) setTimeout(tick, 1); else setTimeout(() => s.close(), 200);
    };
    tick();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sender exited with ${code}`))));
  });
}

/** Keeps this thread busy, as a pipeline batch of parsing, detection and SQLite writes does. */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

describe('syslog listener back-pressure', () => {
  it('counts UDP datagrams as dropped while the queue is full, and takes them again after', async () => {
    const { journaled, drops, state, ports } = await setup();
    const udp = dgram.createSocket('udp4');
    const send = (text: string) =>
      new Promise<void>((r) => udp.send(text, ports.udp ?? 0, '127.0.0.1', () => r()));
    state.full = true;
    await published();
    for (let i = 0; i < 20; i++) await send(`<14>dropped ${i}`);
    await until(() => (drops.get(7) ?? 0) === 20);
    expect(drops.get(7)).toBe(20);
    state.full = false;
    await published();
    await send('<14>taken');
    await until(() => journaled.length === 1);
    udp.close();
    expect(journaled.map((e) => e.data)).toEqual(['<14>taken']);
  });

  it('pauses a TCP connection while the queue is full and loses nothing when it resumes', async () => {
    const { journaled, drops, state, ports } = await setup();
    state.full = true;
    await published();
    const socket = net.connect(ports.tcp ?? 0, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const total = 20_000;
    let payload = '';
    for (let i = 0; i < total; i++) payload += `<14>line ${i}\n`;
    socket.write(payload);
    await until(() => journaled.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    // Reading stopped after the first chunk: far fewer than all records are in.
    const whilePaused = journaled.length;
    expect(whilePaused).toBeLessThan(total);
    state.full = false;
    await until(() => journaled.length === total);
    socket.end();
    expect(journaled).toHaveLength(total);
    expect(journaled.at(-1)?.data).toBe(`<14>line ${total - 1}`);
    expect(drops.get(8)).toBeUndefined();
  });

  it('stops TCP at its own, lower limit while UDP (which cannot wait) is still taken', async () => {
    const { journaled, drops, state, ports } = await setup();
    state.streamsFull = true;
    await published();
    const socket = net.connect(ports.tcp ?? 0, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let payload = '';
    for (let i = 0; i < 20_000; i++) payload += `<14>line ${i}\n`;
    socket.write(payload);
    await until(() => journaled.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    const tcpWhilePaused = journaled.length;
    expect(tcpWhilePaused).toBeLessThan(20_000);
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((r) => udp.send('<14>udp still taken', ports.udp ?? 0, '127.0.0.1', () => r()));
    await until(() => journaled.some((e) => e.data === '<14>udp still taken'));
    udp.close();
    expect(journaled.map((e) => e.data)).toContain('<14>udp still taken');
    expect(drops.get(7)).toBeUndefined();
    state.streamsFull = false;
    await until(() => journaled.length === 20_001);
    socket.end();
    expect(journaled).toHaveLength(20_001);
  });

  it('reads datagrams while the main thread is busy, so none are lost', async () => {
    const { journaled, drops, ports } = await setup();
    const total = 20_000;
    const sending = sendFromChild(ports.udp ?? 0, total, 20);
    // About a second of sending while this thread does not turn its event loop once: the sockets used
    // to be read here, and a 4 MiB kernel buffer holds only a few thousand datagrams.
    busy(2500);
    await sending;
    await until(() => journaled.length === total, 10_000);
    expect(journaled).toHaveLength(total);
    expect(new Set(journaled.map((e) => e.data)).size).toBe(total);
    expect(drops.get(7)).toBeUndefined();
  }, 30_000);

  it('holds at most its hand-over bound for a blocked main thread and counts the rest as dropped', async () => {
    const handoverBytes = 64 * 1024;
    const { journaled, drops, ports } = await setup({ handoverBytes });
    const total = 5000;
    const sending = sendFromChild(ports.udp ?? 0, total, 10);
    busy(1500);
    await sending;
    await until(() => journaled.length + (drops.get(7) ?? 0) === total, 10_000);
    const dropped = drops.get(7) ?? 0;
    expect(journaled.length + dropped).toBe(total);
    expect(dropped).toBeGreaterThan(0);
    // Each record is ~50 bytes encoded: what waited for this thread fit in the bound (plus one batch).
    expect(journaled.length * 40).toBeLessThan(handoverBytes + 1024 * 1024);
  }, 30_000);

  it('restarts a receiver thread that died, on the same ports', async () => {
    // A directory whose next refresh hands the receiver a row it cannot read: its thread dies of it.
    let poison = false;
    let refreshed = () => {};
    const errors: string[] = [];
    const { journaled, ports } = await setup({
      directory: (real) => ({
        ...real,
        rows: () => (poison ? [null as unknown as ReturnType<SourceDirectory['rows']>[number]] : real.rows()),
        onRefresh: (l) => {
          refreshed = l;
          return () => {};
        },
      }),
      onError: (err) => errors.push((err as Error).message),
    });
    const udp = dgram.createSocket('udp4');
    const send = (text: string) =>
      new Promise<void>((r) => udp.send(text, ports.udp ?? 0, '127.0.0.1', () => r()));
    await send('<14>before');
    await until(() => journaled.length === 1);
    poison = true;
    refreshed();
    await until(() => errors.some((e) => e.includes('restarting')));
    expect(errors.join('\n')).toMatch(/syslog receiver thread exited with code 1; restarting it/);
    poison = false;
    // Restarted a second later on the same UDP and TCP ports: datagrams are taken again.
    for (let i = 0; i < 50 && !journaled.some((e) => e.data === '<14>after'); i++) {
      await send('<14>after');
      await new Promise((r) => setTimeout(r, 100));
    }
    udp.close();
    expect(journaled.map((e) => e.data)).toContain('<14>after');
    expect(listeners?.ports).toEqual(ports);
    const socket = net.connect(ports.tcp ?? 0, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.end('<14>over tcp\n');
    await until(() => journaled.some((e) => e.data === '<14>over tcp'));
    expect(journaled.map((e) => e.data)).toContain('<14>over tcp');
  }, 20_000);
});
