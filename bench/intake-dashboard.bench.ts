// The citizen-case (清零) dashboard at scale: 1,000,000 cases across 500 units on SQLite and PostgreSQL,
// through the real migrations, services and routes. Measures GET /api/v1/intake/dashboard (backlog by unit
// and age, and the period KPIs) through app.inject as office administrators of the city and of a county.
// BENCH_CASES (default 1,000,000) or `--scale=0.05` makes a quicker run; BENCH_REQUESTS (default 40) sets
// the requests per administrator. PostgreSQL comes from TEST_DATABASE_URL, in a fresh schema dropped after.

import { loadavg } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config/config.ts';
import { createHttpApp } from '../apps/server/src/http-server.ts';
import {
  type DatabaseHandle,
  migrateToLatest,
  optimizeDatabase,
} from '../apps/server/src/platform/db/database.ts';
import { backfillIntakeDailyStats } from '../apps/server/src/platform/db/migrations/2026-11-23T1745-intake-daily-stats.ts';
import { SESSION_COOKIE } from '../apps/server/src/platform/http/app.ts';
import { createServices } from '../apps/server/src/services.ts';
import { type Dialect, dialectLabel, openBenchDatabase } from './lib/bench-db.ts';
import { numberFromEnv } from './lib/env.ts';
import { percentile, timed } from './lib/latency.ts';
import { random, seedJurisdiction } from './lib/notice-seed.ts';
import type { BenchContext, Benchmark, Measurement } from './lib/types.ts';

const FULL = 1_000_000;
const REQUESTS = numberFromEnv('BENCH_REQUESTS', 40);
const DAY = 24 * 3600_000;
const HISTORY_DAYS = 730;

type Places = Awaited<ReturnType<typeof seedJurisdiction>>['places'];

const COLUMNS = [
  'kind',
  'channel',
  'query_code_hash',
  'second_factor',
  'factor_digits',
  'category',
  'message_type',
  'topic',
  'region_id',
  'region_path',
  'title',
  'content',
  'urls',
  'contact_phone',
  'publishable',
  'state',
  'unit_id',
  'sign_due_at',
  'handle_due_at',
  'deadline_provisional',
  'dispatch_count',
  'reassign_count',
  'return_count',
  'rehandle_count',
  'dispatched_at',
  'signed_at',
  'signed_on_time',
  'replied_at',
  'completed_on_time',
  'overdue',
  'overdue_since',
  'supervision_level',
  'followed_up_at',
  'rating',
  'rated_at',
  'created_at',
  'updated_at',
  'version',
] as const;
const INT_COLUMNS = new Set([
  'region_id',
  'publishable',
  'unit_id',
  'deadline_provisional',
  'dispatch_count',
  'reassign_count',
  'return_count',
  'rehandle_count',
  'signed_on_time',
  'completed_on_time',
  'overdue',
  'supervision_level',
  'version',
]);
type Row = (string | number | null)[];

function caseCount(ctx: BenchContext): number {
  if (process.env.BENCH_CASES) return numberFromEnv('BENCH_CASES', 0);
  return Math.round(FULL * (ctx.scale ?? 1));
}

/**
 * N cases over two years, skewed over units (a few hold many). Cases older than 45 days are ~97% replied or
 * closed; recent ones spread over every state, so the open backlog is a few percent, as in an office that
 * keeps up. Deadlines: sign 1 day, handle 15 days after dispatch (calendar days; the dashboard reads them).
 */
export function* caseRows(count: number, places: Places, nowMs: number): Generator<Row> {
  const r = random(20261122);
  const iso = (ms: number) => new Date(ms).toISOString();
  const types = ['complaint', 'help', 'suggestion', 'enquiry'];
  const ratings = ['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied'];
  for (let i = 0; i < count; i++) {
    const place = places[Math.floor(r() ** 2 * places.length)] ?? places[0];
    if (!place) throw new Error('no units');
    const regionId = Number(place.path.split('/').filter(Boolean).at(-1));
    const created = nowMs - Math.floor(r() * HISTORY_DAYS * DAY);
    const ageDays = (nowMs - created) / DAY;
    const roll = r();
    let state: string;
    if (ageDays > 45)
      state = roll < 0.97 ? (roll < 0.6 ? 'closed' : 'replied') : roll < 0.985 ? 'signed' : 'dispatched';
    else
      state =
        roll < 0.05
          ? 'received'
          : roll < 0.2
            ? 'dispatched'
            : roll < 0.45
              ? 'signed'
              : roll < 0.5
                ? 'reply_review'
                : roll < 0.8
                  ? 'replied'
                  : 'closed';
    const dispatched = state === 'received' ? null : created + Math.floor(r() * 4 * 3600_000);
    const signDue = dispatched === null ? null : dispatched + DAY;
    const handleDue = dispatched === null ? null : dispatched + 15 * DAY;
    const signed =
      dispatched === null || state === 'dispatched' ? null : dispatched + Math.floor(r() ** 3 * 2 * DAY);
    const done = state === 'replied' || state === 'closed';
    const replied = done && dispatched !== null ? dispatched + Math.floor(r() * 20 * DAY) : null;
    const open = state === 'dispatched' || state === 'signed' || state === 'reply_review';
    const due = state === 'dispatched' ? signDue : handleDue;
    const overdue = open && due !== null && due < nowMs ? 1 : 0;
    const rated = replied !== null && r() < 0.6 ? replied + DAY : null;
    const anonymous = r() < 0.2;
    yield [
      'message',
      'web',
      `bench-${i}`,
      'phone',
      '1234',
      null,
      types[i % 4] ?? 'complaint',
      'bench',
      regionId,
      place.path,
      `Case ${i}`,
      'Benchmark case',
      '[]',
      anonymous ? null : '13800001234',
      0,
      state,
      dispatched === null ? null : place.id,
      signDue === null ? null : iso(signDue),
      handleDue === null ? null : iso(handleDue),
      0,
      dispatched === null ? 0 : 1,
      r() < 0.05 ? 1 : 0,
      r() < 0.08 ? 1 : 0,
      r() < 0.02 ? 1 : 0,
      dispatched === null ? null : iso(dispatched),
      signed === null ? null : iso(signed),
      signed === null || signDue === null ? null : signed <= signDue ? 1 : 0,
      replied === null ? null : iso(replied),
      replied === null || handleDue === null ? null : replied <= handleDue ? 1 : 0,
      overdue,
      overdue && due !== null ? iso(due) : null,
      overdue ? 1 + Math.floor(r() * 3) : 0,
      replied !== null && !anonymous && r() < 0.7 ? iso(replied + DAY) : null,
      rated === null ? null : (ratings[Math.floor(r() * ratings.length)] ?? 'satisfied'),
      rated === null ? null : iso(rated),
      iso(created),
      iso(replied ?? created),
      1,
    ];
  }
}

export async function insertCases(
  handle: DatabaseHandle,
  rows: Iterable<Row>,
  onProgress: (n: number) => void,
) {
  const names = COLUMNS.join(', ');
  let written = 0;
  if (handle.sqlite) {
    const insert = handle.sqlite.prepare(
      `insert into intake_cases (${names}) values (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const write = handle.sqlite.transaction((items: Row[]) => {
      for (const item of items) insert.run(item);
    });
    let pending: Row[] = [];
    for (const row of rows) {
      pending.push(row);
      if (pending.length === 50_000) {
        write(pending);
        written += pending.length;
        pending = [];
        onProgress(written);
      }
    }
    if (pending.length) write(pending);
    return;
  }
  const flush = async (items: Row[]) => {
    const arrays = COLUMNS.map((name, c) => {
      const values = items.map((item) => item[c] ?? null);
      return sql`${values}::${sql.raw(INT_COLUMNS.has(name) ? 'integer[]' : 'text[]')}`;
    });
    await sql`insert into intake_cases (${sql.raw(names)}) select * from unnest(${sql.join(arrays)})`.execute(
      handle.db,
    );
  };
  let pending: Row[] = [];
  for (const row of rows) {
    pending.push(row);
    if (pending.length === 10_000) {
      await flush(pending);
      written += pending.length;
      pending = [];
      onProgress(written);
    }
  }
  if (pending.length) await flush(pending);
}

async function measureDialect(dialect: Dialect, ctx: BenchContext): Promise<Measurement[]> {
  const count = caseCount(ctx);
  const label = dialectLabel(dialect);
  const target = await openBenchDatabase(dialect, 'intake', { poolMax: 4 });
  const out: Measurement[] = [];
  try {
    const { handle } = target;
    await migrateToLatest(handle.db);
    const nowMs = Date.now();
    const { jurisdiction: j, places } = await seedJurisdiction(handle, new Date(nowMs).toISOString());
    const seedMs = await timed(() =>
      insertCases(handle, caseRows(count, places, nowMs), (n) => {
        if (n % 200_000 === 0) ctx.log(`${label}: ${n.toLocaleString('en')} cases written`);
      }),
    );
    // The bulk load bypasses the workflow that keeps the daily KPI counts: aggregate them with the
    // migration's backfill, as after an import.
    const aggregateMs = await timed(() => backfillIntakeDailyStats(handle.db));
    if (dialect === 'postgres') {
      await sql`vacuum analyze intake_cases`.execute(handle.db);
      await sql`vacuum analyze intake_daily_stats`.execute(handle.db);
    }
    await optimizeDatabase(handle.db);
    const open = await handle.db
      .selectFrom('intake_cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'in', ['dispatched', 'signed', 'leader_review', 'reply_review'])
      .executeTakeFirstOrThrow();
    ctx.log(`${label}: seeded ${count.toLocaleString('en')} cases in ${(seedMs / 1000).toFixed(1)} s`);
    out.push(
      {
        metric: `${label}: seed ${count.toLocaleString('en')} cases`,
        value: seedMs,
        unit: 'ms',
        budget: null,
        note: `${places.length} units`,
      },
      { metric: `${label}: open cases (backlog)`, value: Number(open.n), unit: 'count', budget: null },
      {
        metric: `${label}: aggregate intake_daily_stats from ${count.toLocaleString('en')} cases`,
        value: aggregateMs,
        unit: 'ms',
        budget: null,
        note: 'the migration backfill, one INSERT … SELECT',
      },
    );

    const config = loadConfig({
      SHOUWANG_DATA_DIR: target.dataDir,
      ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
      LOG_LEVEL: 'silent',
      SHOUWANG_WEB_DIST: path.join(target.dataDir, 'no-web'),
    });
    const services = createServices(config, handle);
    const app = await createHttpApp(services, false);
    await app.ready();
    try {
      const cookie = async (userId: number) =>
        `${SESSION_COOKIE}=${await services.sessions.start(userId, 'full', '127.0.0.1', 'bench')}`;
      const admins = [
        { who: 'city admin', cookie: await cookie(j.cityAdminId) },
        { who: 'county admin', cookie: await cookie(j.countyAdminId) },
      ];
      const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
      const periods = [
        { name: '30 days', qs: '' },
        { name: 'a year', qs: `from=${day(nowMs - 364 * DAY)}&to=${day(nowMs)}` },
      ];
      for (const admin of admins) {
        for (const p of periods) {
          const url = `/api/v1/intake/dashboard?${p.qs}`;
          const get = async () => {
            const res = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
            if (res.statusCode !== 200)
              throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          };
          await get();
          const times: number[] = [];
          for (let i = 0; i < REQUESTS; i++) times.push(await timed(get));
          out.push({
            metric: `${label}: dashboard p95, ${admin.who}, ${p.name}`,
            value: percentile(times, 95),
            unit: 'ms',
            // Issue 6's budget holds for the dashboard as it opens (the default 30 days) and for a year's
            // KPIs, which read whole past days from intake_daily_stats.
            budget: { maxExclusive: 2000 },
            note: `${REQUESTS} requests; p50 ${percentile(times, 50).toFixed(0)} ms`,
          });
          ctx.log(`${label}: dashboard ${admin.who} ${p.name}: p95 ${percentile(times, 95).toFixed(0)} ms`);
        }
      }
    } finally {
      await app.close();
    }
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(', ');
    ctx.remark?.(`${label}: machine load average (1, 5, 15 min) when its requests ended: ${load}.`);
  } finally {
    await target.dispose();
  }
  return out;
}

export const benchmark: Benchmark = {
  title: 'Citizen-case dashboard (清零) at 1,000,000 cases and 500 units',
  method:
    'The notice benchmark’s jurisdiction (a city, 12 counties, 60 towns, 500 units) and 1,000,000 messages ' +
    'created over two years, skewed over units, ~97 % of those older than 45 days answered, recent ones over ' +
    'every state, ~20 % anonymous, ~60 % of answers rated, bulk-loaded after the real migrations into a temp ' +
    'SQLite file and a fresh PostgreSQL schema (vacuumed and analysed); the daily KPI counts are then ' +
    'aggregated by the migration’s backfill, since the bulk load bypasses the workflow that keeps them. ' +
    'The real app answers ' +
    'GET /api/v1/intake/dashboard (backlog by unit and age plus the period KPIs) through app.inject as office ' +
    'administrators of the city and of a county, for the default 30 days and for a year, after one warm-up ' +
    'request each. Budget: p95 < 2 s (issue 6; a well-known civic reporting dashboard took ~14 s).',
  async run(ctx) {
    const out: Measurement[] = [];
    out.push(...(await measureDialect('sqlite', ctx)));
    out.push(...(await measureDialect('postgres', ctx)));
    return out;
  },
};
