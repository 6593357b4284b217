// Event parser throughput per source kind on one core: a stream of varied real-looking records of each
// kind (the parsers' samples with addresses, ports, times and paths varied per record) parsed with
// createParser, timed in CPU time of this thread. Also the RFC 6587 framing decoder over an
// octet-counted TCP stream in 64 KB chunks, and the NDJSON bulk splitter. BENCH_PARSERS_SECONDS
// (default 2) per measurement.

import type { SourceKind } from '../apps/server/src/modules/events/event-schema.ts';
import { decodeRecords } from '../apps/server/src/modules/events/parsers/bulk-records.ts';
import { createParser } from '../apps/server/src/modules/events/parsers/create-parser.ts';
import { SAMPLE_RECORDS } from '../apps/server/src/modules/events/parsers/parser-samples.ts';
import { SyslogFrameDecoder } from '../apps/server/src/modules/events/parsers/syslog-framing.ts';
import { numberFromEnv } from './lib/env.ts';
import type { Benchmark, Measurement } from './lib/types.ts';

const SECONDS = numberFromEnv('BENCH_PARSERS_SECONDS', 2);
/** "Well under 20 us per event" leaves the rest of the 10,000 events/s syslog TCP pipeline its share. */
const BUDGET_MS_PER_1000 = 20;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Varies a sample so no two records are alike: addresses, ports, numbers in paths and seconds. */
function variants(samples: readonly string[], count: number, seed: number): string[] {
  const rnd = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = samples[i % samples.length] ?? '';
    const ip = `${10 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`;
    const sec = String(Math.floor(rnd() * 60)).padStart(2, '0');
    out.push(
      base
        .replaceAll('203.0.113.9', ip)
        .replaceAll('10:00:0', `10:${sec.slice(0, 1)}${sec.slice(1)}:0`)
        .replaceAll(':00:00', `:${sec}:${sec}`)
        .replaceAll('51515', String(1024 + Math.floor(rnd() * 60000)))
        .replaceAll('list.php', `list${i % 97}.php`),
    );
  }
  return out;
}

/** Runs `work` (which handles `batch` items) for the configured CPU seconds; returns ms of CPU per item. */
function measure(batch: number, work: () => void, scale: number): { msPerItem: number; items: number } {
  for (let i = 0; i < 3; i++) work(); // warm up the JIT
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let items = 0;
  while (performance.now() - started < SECONDS * scale * 1000) {
    work();
    items += batch;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { msPerItem: (cpu.user + cpu.system) / 1000 / items, items };
}

export const benchmark: Benchmark = {
  title: 'Event parsers: throughput per source kind (one core)',
  method:
    'Each source kind parses a stream of 5,000 varied real-looking records (syslog: RFC 5424, RFC 3164, Cisco, FortiGate key=value, CEF; Suricata EVE alert/http/dns/tls/fileinfo/anomaly/flow; Wazuh alerts; Windows events as Winlogbeat, evtx_dump, xmltodict and NXLog JSON; nginx combined; generic NDJSON) through createParser, measured in CPU time of the one thread for BENCH_PARSERS_SECONDS (default 2) each. Also the RFC 6587 framing decoder plus the syslog parser over an octet-counted TCP stream in 64 KB chunks (the syslog-over-TCP path before Sigma), and the NDJSON bulk splitter. Budget: 20 us per event (20 ms per 1,000), so parsing stays well inside the 10,000 events/s end-to-end target on 2 cores.',
  async run(ctx) {
    const scale = ctx.scale ?? 1;
    const measurements: Measurement[] = [];
    const kinds = Object.keys(SAMPLE_RECORDS) as SourceKind[];
    for (const [n, kind] of kinds.entries()) {
      const parser = createParser(kind, { now: () => new Date('2026-11-21T02:00:00Z') });
      const records = variants(SAMPLE_RECORDS[kind], 5000, n + 1);
      let failed = 0;
      for (const r of records) if (!parser.parse(r).ok) failed++;
      if (failed > 0) throw new Error(`${failed} of the ${kind} bench records do not parse`);
      const { msPerItem, items } = measure(
        records.length,
        () => {
          for (const r of records) parser.parse(r);
        },
        scale,
      );
      ctx.log(
        `${kind}: ${items} records, ${(msPerItem * 1000).toFixed(2)} us each, ${Math.round(1000 / msPerItem)} per second`,
      );
      measurements.push({
        metric: `${kind}: time per 1,000 events`,
        value: msPerItem * 1000,
        unit: 'ms',
        budget: { maxExclusive: BUDGET_MS_PER_1000 },
        note: `${Math.round(1000 / msPerItem).toLocaleString('en-US')} events/s per core`,
      });
    }

    // Syslog over TCP: octet-counted frames arriving in 64 KB chunks, decoded and parsed.
    const lines = variants(SAMPLE_RECORDS.syslog, 5000, 99);
    const stream = Buffer.from(lines.map((l) => `${Buffer.byteLength(l)} ${l}`).join(''));
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 64 * 1024) chunks.push(stream.subarray(i, i + 64 * 1024));
    const syslog = createParser('syslog', { now: () => new Date('2026-11-21T02:00:00Z') });
    const tcp = measure(
      lines.length,
      () => {
        const decoder = new SyslogFrameDecoder();
        for (const c of chunks)
          for (const f of decoder.push(c)) if (f.ok) syslog.parse(f.frame.toString('utf8'));
      },
      scale,
    );
    ctx.log(`syslog over TCP (framing + parse): ${(tcp.msPerItem * 1000).toFixed(2)} us per event`);
    measurements.push({
      metric: 'syslog TCP: framing + parse, time per 1,000 events',
      value: tcp.msPerItem * 1000,
      unit: 'ms',
      budget: { maxExclusive: BUDGET_MS_PER_1000 },
      note: `${Math.round(1000 / tcp.msPerItem).toLocaleString('en-US')} events/s per core; ${(stream.length / lines.length).toFixed(0)} bytes per frame`,
    });

    // What the JSON kinds cannot go below: V8's JSON.parse of the same records.
    const windowsRecords = variants(SAMPLE_RECORDS.windows_json, 5000, 3);
    const jsonOnly = measure(
      windowsRecords.length,
      () => {
        for (const r of windowsRecords) JSON.parse(r);
      },
      scale,
    );
    ctx.remark?.(
      `JSON.parse alone costs ${(jsonOnly.msPerItem * 1000).toFixed(1)} us of a Windows event (${Math.round(windowsRecords.reduce((n, r) => n + r.length, 0) / windowsRecords.length)} characters on average); CPU time per event rises with the machine's load average (shared caches and cores), so compare runs at similar load.`,
    );

    const body = Buffer.from(variants(SAMPLE_RECORDS.suricata_eve, 5000, 7).join('\n'));
    const bulk = measure(
      5000,
      () => {
        decodeRecords(body, 'ndjson');
      },
      scale,
    );
    measurements.push({
      metric: 'NDJSON bulk split (UTF-8 checked), time per 1,000 records',
      value: bulk.msPerItem * 1000,
      unit: 'ms',
      budget: null,
      note: `${(body.length / 5000).toFixed(0)} bytes per record`,
    });
    return measurements;
  },
};
