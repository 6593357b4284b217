import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from './journal.ts';
import { createSourceDirectory } from './source-directory.ts';
import { type SyslogListeners, startSyslogListeners } from './syslog-listeners.ts';

// Back-pressure without a database: when the queue behind the journal is full, TCP stops reading (and
// loses nothing once it resumes) while UDP drops and counts.

let listeners: SyslogListeners | null = null;
afterEach(async () => {
  await listeners?.close();
  listeners = null;
});

async function setup() {
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
  const state = { full: false };
  listeners = await startSyslogListeners({
    host: '127.0.0.1',
    udpPort: 0,
    tcpPort: 0,
    tlsPort: null,
    maxRecordBytes: 1024,
    directory,
    accounting: {
      drop: (id, n = 1) => void drops.set(id, (drops.get(id) ?? 0) + n),
      unregistered: () => {},
    },
    append: async (entries) => {
      journaled.push(...entries);
    },
    overloaded: () => state.full,
    now: () => Date.now(),
  });
  return { journaled, drops, state, ports: listeners.ports };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('syslog listener back-pressure', () => {
  it('counts UDP datagrams as dropped while the queue is full, and takes them again after', async () => {
    const { journaled, drops, state, ports } = await setup();
    const udp = dgram.createSocket('udp4');
    const send = (text: string) =>
      new Promise<void>((r) => udp.send(text, ports.udp ?? 0, '127.0.0.1', () => r()));
    state.full = true;
    for (let i = 0; i < 20; i++) await send(`<14>dropped ${i}`);
    await until(() => (drops.get(7) ?? 0) === 20);
    expect(drops.get(7)).toBe(20);
    state.full = false;
    await send('<14>taken');
    await until(() => journaled.length === 1);
    udp.close();
    expect(journaled.map((e) => e.data)).toEqual(['<14>taken']);
  });

  it('pauses a TCP connection while the queue is full and loses nothing when it resumes', async () => {
    const { journaled, drops, state, ports } = await setup();
    state.full = true;
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
});
