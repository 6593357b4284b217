// Citizen intake's public side at scale, on SQLite and PostgreSQL through the real migrations, services and
// routes:
// 1. duplicate suggestion with BENCH_INTAKE_CASES (default 1,000,000; `--scale` for less) stored cases:
//    the MinHash band lookup and the bigram Jaccard of the candidates for probe texts, half of them
//    near-copies of stored cases (5% of characters changed), half new;
// 2. public submissions over HTTP with dedup on against that store: a load generator process
//    (bench/lib/intake-load.ts) offers BENCH_INTAKE_RATE (default 550) messages per second for
//    BENCH_INTAKE_SECONDS (default 20) from thousands of loopback addresses, so the per-client abuse
//    guard treats them as many citizens; the server is this process, listening on 127.0.0.1:0.
// BENCH_INTAKE_DIALECTS (default "sqlite,postgres") picks the databases; PostgreSQL comes from
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh schema dropped after.
// BENCH_INTAKE_CPU_PROF=<dir> writes a V8 CPU profile of the server during each HTTP run to <dir> and notes
// the files with the most self time. BENCH_INTAKE_LOG=info runs the server with its production request log
// (to /dev/null) instead of none.
// Also reports the public page's bundle (apps/web/dist, built by `npm run build:web`).

import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config/config.ts';
import { createHttpApp } from '../apps/server/src/http-server.ts';
import { bandKeys, bigrams } from '../apps/server/src/modules/intake/dedup.ts';
import { similarCases } from '../apps/server/src/modules/intake/intake-store.ts';
import {
  type DatabaseHandle,
  migrateToLatest,
  optimizeDatabase,
} from '../apps/server/src/platform/db/database.ts';
import { logRequest } from '../apps/server/src/platform/http/log-redaction.ts';
import { createServices } from '../apps/server/src/services.ts';
import {
  type BenchDatabase,
  type Dialect,
  dialectLabel,
  insertCity,
  openBenchDatabase,
} from './lib/bench-db.ts';
import { selfTimeByFile } from './lib/cpu-profile.ts';
import { numberFromEnv } from './lib/env.ts';
import { percentile, timed } from './lib/latency.ts';
import { spawnNode } from './lib/proc.ts';
import type { BenchContext, Benchmark, Measurement } from './lib/types.ts';

const FULL = 1_000_000;
const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const PROBES = 400;

const HAN = (i: number) => String.fromCodePoint(0x4e00 + (i % 6000));
const PHRASES = [
  '我要反映',
  '希望尽快处理',
  '已经持续很久',
  '请有关部门核实',
  '附近居民意见很大',
  '多次反映未果',
];

/** A deterministic pseudo-random complaint of ~70 characters (distinct texts share few bigrams). */
function storedText(seed: number): string {
  let x = (seed + 0x9e3779b9) >>> 0;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const parts: string[] = [PHRASES[next() % PHRASES.length] ?? ''];
  for (let i = 0; i < 60; i++) parts.push(HAN(next()));
  parts.push(PHRASES[next() % PHRASES.length] ?? '');
  return parts.join('');
}

function nearCopy(text: string, seed: number): string {
  const chars = [...text];
  for (let i = 0; i < Math.ceil(chars.length / 20); i++)
    chars[(seed * 31 + i * 17) % chars.length] = HAN(seed * 7 + i);
  return chars.join('');
}

/** The public page's files as a phone loads them (public.html's script, its preloads and CSS). */
function publicBundle(): { raw: number; gzip: number } | null {
  const dist = path.join(REPO_ROOT, 'apps', 'web', 'dist');
  let html: string;
  try {
    html = readFileSync(path.join(dist, 'public.html'), 'utf8');
  } catch {
    return null;
  }
  let raw = Buffer.byteLength(html);
  let gzip = gzipSync(html).length;
  for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) {
    const file = path.join(dist, m[1] ?? '');
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip };
}

/**
 * Bulk seed: `count` cases with ids 1..count and their band keys as storeCase writes them (without the
 * timeline), in case order, so the band table (its own index, keyed by random hashes) grows by random inserts
 * with the page fill it has in service. (The first seed built the index after the load, packing its pages full:
 * then every new key split a page and a submission wrote about four times the WAL pages it writes in service.)
 */
async function seedCases(
  handle: DatabaseHandle,
  region: { id: number; path: string },
  count: number,
  nowIso: string,
  ctx: BenchContext,
): Promise<void> {
  const row = (k: number) => {
    const at = new Date(Date.parse(nowIso) - (count - k) * 30_000).toISOString();
    const title = `问题反映 ${k}`;
    const content = storedText(k);
    return { id: k + 1, at, title, content, keys: bandKeys(bigrams(`${title}${content}`)) };
  };
  const progress = (done: number) => {
    if (done % 100_000 === 0) ctx.log(`seeded ${done.toLocaleString('en')} cases`);
  };
  const { sqlite, db } = handle;
  if (sqlite) {
    // A page cache that holds the band table while seeding; the server runs with the default again.
    const cacheSize = sqlite.pragma('cache_size', { simple: true });
    sqlite.pragma('cache_size = -2000000');
    const insertCase = sqlite.prepare(
      `insert into intake_cases (id, kind, channel, query_code_hash, second_factor, factor_digits, message_type,
        topic, region_id, region_path, title, content, urls, publishable, state, deadline_provisional,
        dispatch_count, reassign_count, created_at, updated_at, version, group_id)
       values (?, 'message', 'web', ?, 'pin', '0000', 'complaint', '综合', ?, ?, ?, ?, '[]', 0, 'received', 0, 0,
        0, ?, ?, 1, ?)`,
    );
    const insertKey = sqlite.prepare('insert into intake_band_keys (band_key, case_id) values (?, ?)');
    const seedBatch = sqlite.transaction((start: number, n: number) => {
      for (let k = start; k < start + n; k++) {
        const r = row(k);
        insertCase.run(r.id, `seed-${k}`, region.id, region.path, r.title, r.content, r.at, r.at, r.id);
        for (const key of r.keys) insertKey.run(key, r.id);
      }
    });
    const BATCH = 20_000;
    for (let start = 0; start < count; start += BATCH) {
      seedBatch(start, Math.min(BATCH, count - start));
      progress(start + BATCH);
    }
    sqlite.pragma(`cache_size = ${Number(cacheSize)}`);
  } else {
    const BATCH = 5_000;
    for (let start = 0; start < count; start += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => row(start + i));
      const ids = rows.map((r) => r.id);
      const ats = rows.map((r) => r.at);
      await db.transaction().execute(async (trx) => {
        // A bulk load skips the per-row foreign-key triggers (every band key row would check its case).
        await sql`set local session_replication_role = replica`.execute(trx);
        await sql`insert into intake_cases (id, kind, channel, query_code_hash, second_factor, factor_digits,
            message_type, topic, region_id, region_path, title, content, urls, publishable, state,
            deadline_provisional, dispatch_count, reassign_count, created_at, updated_at, version, group_id)
          select u.id, 'message', 'web', 'seed-' || u.id, 'pin', '0000', 'complaint', '综合', ${region.id},
            ${region.path}, u.title, u.content, '[]', 0, 'received', 0, 0, 0, u.at, u.at, 1, u.id
          from unnest(${ids}::integer[], ${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.content)}::text[],
            ${ats}::text[]) as u(id, title, content, at)`.execute(trx);
        const keyIds = rows.flatMap((r) => r.keys.map(() => r.id));
        const keys = rows.flatMap((r) => r.keys);
        await sql`insert into intake_band_keys (band_key, case_id)
          select * from unnest(${keys}::bigint[], ${keyIds}::integer[])`.execute(trx);
      });
      progress(start + BATCH);
    }
    await sql`select setval(pg_get_serial_sequence('intake_cases', 'id'), ${count})`.execute(db);
  }
  if (!sqlite) await sql`vacuum analyze`.execute(db);
  await optimizeDatabase(db);
}

/** Duplicate suggestion for probe texts, half near-copies of stored cases. */
async function measureSuggestion(
  db: DatabaseHandle['db'],
  count: number,
  label: string,
): Promise<Measurement[]> {
  const suggestMs: number[] = [];
  let found = 0;
  let falseHits = 0;
  for (let p = 0; p < PROBES; p++) {
    const source = Math.floor((p * 2654435761) % count);
    const near = p % 2 === 0;
    const text = near
      ? `问题反映 ${source}${nearCopy(storedText(source), p + 1)}`
      : `新问题 ${p}${storedText(count + 10_000 + p)}`;
    let hits: number[] = [];
    suggestMs.push(
      await timed(async () => {
        const grams = bigrams(text);
        hits = (await similarCases(db, grams, bandKeys(grams))).map((c) => c.caseId);
      }),
    );
    if (near && hits.length > 0) found++;
    if (!near && hits.length > 0) falseHits++;
  }
  return [
    {
      metric: `${label}: duplicate suggestion p95 (${count.toLocaleString('en')} cases)`,
      value: percentile(suggestMs, 95),
      unit: 'ms',
      budget: { maxExclusive: 300 },
      note: `${PROBES} probes; p50 ${percentile(suggestMs, 50).toFixed(1)} ms`,
    },
    {
      metric: `${label}: near-copies found (5% of characters changed)`,
      value: Math.round((found / (PROBES / 2)) * 100),
      unit: '%',
      budget: null,
      note: `false suggestions for new texts: ${falseHits} of ${PROBES / 2}`,
    },
  ];
}

/** Public submissions over HTTP from the load generator process against the seeded store. */
async function measureHttp(
  target: BenchDatabase,
  regionId: number,
  rate: number,
  seconds: number,
  label: string,
  ctx: BenchContext,
): Promise<Measurement[]> {
  const { handle, dataDir } = target;
  const db = handle.db;
  const out: Measurement[] = [];
  const config = loadConfig({
    SHOUWANG_DATA_DIR: dataDir,
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    SHOUWANG_ROLES: 'api',
    SHOUWANG_WEB_DIST: path.join(dataDir, 'no-web'),
    LOG_LEVEL: 'silent',
  });
  const services = createServices({ ...config, sqlitePath: path.join(dataDir, 'shouwang.db') }, handle);
  const logLevel = process.env.BENCH_INTAKE_LOG;
  // The production request log (app.ts's options) written to /dev/null, or none.
  const logger = logLevel
    ? {
        level: logLevel,
        serializers: { req: logRequest },
        stream: createWriteStream('/dev/null'),
      }
    : false;
  const app = await createHttpApp(services, logger);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const storedCases = async () =>
    Number(
      (
        await db
          .selectFrom('intake_cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await storedCases();
  const load1 = loadavg()[0] ?? 0;
  // The server is this process: its CPU per stored submission is what the machine's load least distorts.
  const cpuBefore = process.cpuUsage();
  const profileDir = process.env.BENCH_INTAKE_CPU_PROF;
  const session = profileDir ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
  }
  const child = spawnNode(
    [
      path.join(REPO_ROOT, 'bench', 'lib', 'intake-load.ts'),
      `http://127.0.0.1:${port}`,
      String(regionId),
      String(rate),
      String(seconds),
      '3',
    ],
    process.env,
    REPO_ROOT,
  );
  let line: RegExpMatchArray;
  try {
    line = await child.waitFor(/^\{"sent".*\}$/m, (seconds + 60) * 1000);
  } finally {
    await child.stop();
    if (session && profileDir) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mkdirSync(profileDir, { recursive: true });
      const file = path.join(profileDir, `intake-http-${label.toLowerCase()}-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      const top = selfTimeByFile(file, REPO_ROOT, 10)
        .map((t) => `${t.where} ${(t.share * 100).toFixed(0)}%`)
        .join(', ');
      ctx.log(`${label} CPU profile ${file}: ${top}`);
    }
    await app.close();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const result = JSON.parse(line[0]) as {
    sent: number;
    ok: number;
    statuses: Record<string, number>;
    latencies: number[];
    elapsedMs: number;
    maxInFlight: number;
    cpuMs: number;
  };

  const accepted = (await storedCases()) - before;
  const perSecond = (result.ok / result.elapsedMs) * 1000;
  ctx.log(
    `${label} HTTP: ${JSON.stringify(result.statuses)}, ${perSecond.toFixed(0)}/s, max in flight ${result.maxInFlight}`,
  );
  out.push(
    {
      metric: `${label}: submissions accepted per second (offered ${rate}/s)`,
      value: Math.round(perSecond),
      unit: 'req/s',
      budget: null,
      note: `${result.ok} of ${result.sent} answered 201 (${accepted} stored); statuses ${JSON.stringify(result.statuses)}`,
    },
    {
      metric: `${label}: server CPU per stored submission`,
      value: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, accepted)) * 100) / 100,
      unit: 'ms',
      budget: null,
      note: `user ${(cpu.user / 1000 / Math.max(1, accepted)).toFixed(2)} ms, system ${(cpu.system / 1000 / Math.max(1, accepted)).toFixed(2)} ms, all threads; the database server's own CPU not included on PostgreSQL; the load generator took ${(result.cpuMs / Math.max(1, result.sent)).toFixed(2)} ms per request`,
    },
    {
      metric: `${label}: wall time per 1,000 accepted submissions`,
      value: Math.round(1_000_000 / perSecond),
      unit: 'ms',
      budget: { maxExclusive: 2000 },
      note: '< 2,000 ms is >= 500 submissions/s',
    },
    {
      metric: `${label}: submission latency p99 (after 3 s warm-up)`,
      value: percentile(result.latencies, 99),
      unit: 'ms',
      budget: { maxExclusive: 100 },
      note: `p50 ${percentile(result.latencies, 50).toFixed(1)} ms, p95 ${percentile(result.latencies, 95).toFixed(1)} ms; load average ${load1.toFixed(1)} at start`,
    },
  );
  return out;
}

async function measureDialect(
  dialect: Dialect,
  count: number,
  rate: number,
  seconds: number,
  ctx: BenchContext,
): Promise<Measurement[]> {
  const label = dialectLabel(dialect);
  // The server's own pool size (config default), since the HTTP run serves from this handle.
  const target = await openBenchDatabase(dialect, 'intake');
  const out: Measurement[] = [];
  try {
    const db = target.handle.db;
    await migrateToLatest(db);
    const nowIso = new Date().toISOString();
    const region = await insertCity(db, nowIso);

    const seedMs = await timed(() => seedCases(target.handle, region, count, nowIso, ctx));
    ctx.log(`${label}: seeded ${count.toLocaleString('en')} cases in ${(seedMs / 1000).toFixed(1)} s`);
    out.push(...(await measureSuggestion(db, count, label)));
    // A failure here keeps the measurements above.
    try {
      out.push(...(await measureHttp(target, region.id, rate, seconds, label, ctx)));
    } catch (err) {
      ctx.remark?.(
        `The ${label} HTTP run failed: ${(err as Error).message.slice(0, 600).replace(/\s+/g, ' ')}`,
      );
    }
  } finally {
    await target.dispose();
  }
  return out;
}

export const benchmark: Benchmark = {
  title: 'Citizen intake: public submissions and duplicate suggestion',
  method:
    'SQLite and PostgreSQL, each a fresh database through the migrations. Seeds BENCH_INTAKE_CASES (default 1,000,000) stored messages with their MinHash band keys in case order (so the band table grows by random inserts, as in service), then times the duplicate suggestion (band lookup + bigram Jaccard of up to 20 candidates sharing two bands) for 400 probe texts, half near-copies (5% of characters changed) of stored cases; then a load generator process offers public message submissions over HTTP on 127.0.0.1 at a fixed rate (open loop, latency from when each request was due) from thousands of loopback addresses (127.1.x.y, 4 requests each, so the per-client guard never throttles), against that store with dedup on. The server is one Node process (the benchmark), without request logging unless BENCH_INTAKE_LOG is set. Budgets: suggestion p95 < 300 ms; >= 500 submissions/s sustained (expressed as wall time per 1,000 accepted submissions < 2,000 ms) with p99 < 100 ms.',
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const count = numberFromEnv('BENCH_INTAKE_CASES', Math.round(FULL * (ctx.scale ?? 1)));
    const rate = numberFromEnv('BENCH_INTAKE_RATE', 550);
    const seconds = numberFromEnv('BENCH_INTAKE_SECONDS', 20);
    const dialects = (process.env.BENCH_INTAKE_DIALECTS ?? 'sqlite,postgres')
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean);
    for (const d of dialects)
      if (d !== 'sqlite' && d !== 'postgres')
        throw new Error(`BENCH_INTAKE_DIALECTS: sqlite and/or postgres, got "${d}"`);
    const out: Measurement[] = [];
    for (const dialect of dialects as Dialect[])
      out.push(...(await measureDialect(dialect, count, rate, seconds, ctx)));
    const bundle = publicBundle();
    if (bundle) {
      out.push({
        metric: 'public page bundle (HTML + JS + CSS), gzipped',
        value: Math.round((bundle.gzip / 1024) * 10) / 10,
        unit: 'count',
        budget: null,
        note: `KiB; ${Math.round(bundle.raw / 1024)} KiB uncompressed; the proof-of-work worker loads only when challenged`,
      });
    }
    return out;
  },
};
