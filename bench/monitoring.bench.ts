// Website monitoring at scale: 2,000 realistic government portals (50-300 KB homepages from the demo
// websites' generator) on local servers, one loopback port each, registered as website assets and
// monitored every 60 s with every static check. The server (api + worker + scheduler in one process,
// embedded SQLite) runs as a child; over the measured window we count completed runs, its CPU time
// (/proc/<pid>/stat) and peak RSS (VmHWM), time the status wall and the site list, and read the
// content-analysis cache counters it prints. BENCH_MONITOR_MINUTES (default 4) sets the window,
// BENCH_MONITOR_VOLATILE (default 0.2) the share of sites whose homepage changes on every request,
// `--scale=0.1` a smaller fleet; BENCH_MONITOR_CPU_PROF=1 profiles the server and summarises where its CPU went.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MONITOR_CHECKS } from '../apps/server/src/modules/monitoring/monitor-config.ts';
import { MONITOR_TICK_EVERY_SECONDS } from '../apps/server/src/modules/monitoring/monitoring.jobs.ts';
import { DEFAULT_SCHEDULER_LIMITS } from '../apps/server/src/modules/monitoring/scheduler.ts';
import { ApiClient } from '../e2e/support/api.ts';
import { freePort, REPO_ROOT } from '../e2e/support/server.ts';
import { newestProfile, selfTimeByFile } from './lib/cpu-profile.ts';
import { numberFromEnv } from './lib/env.ts';
import { percentile, timed } from './lib/latency.ts';
import { type Child, cpuSeconds, spawnNode, statusMiB } from './lib/proc.ts';
import type { Benchmark, Measurement } from './lib/types.ts';

const FULL_SITES = 2_000;
const SITE_PROCESSES = 4;
const UNITS = 100;
const INTERVAL_SECONDS = 60;
const MINUTES = numberFromEnv('BENCH_MONITOR_MINUTES', 4);
const VOLATILE = numberFromEnv('BENCH_MONITOR_VOLATILE', 0.2, { allowZero: true });
const CPU_PROF = process.env.BENCH_MONITOR_CPU_PROF === '1';
/** The longest warm-up before the window starts anyway (BENCH_MONITOR_WARMUP_MAX, seconds). */
const WARMUP_MAX_SECONDS = numberFromEnv('BENCH_MONITOR_WARMUP_MAX', 360);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        // next < length was checked just above.
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}

interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes?: number;
}

function lastCacheStats(output: string): CacheStats | null {
  const lines = [...output.matchAll(/^ANALYSIS-CACHE (\{.*\})$/gm)];
  const last = lines[lines.length - 1]?.[1];
  // The line monitor-serve.ts prints from analysisCacheStats().
  return last ? (JSON.parse(last) as CacheStats) : null;
}

function runsBetween(dbFile: string, fromIso: string, toIso: string): { runs: number; ok: number } {
  const db = new DatabaseSync(dbFile, { readOnly: true });
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const row = db
      .prepare(
        "select count(*) as n, coalesce(sum(ok), 0) as ok from monitor_runs where at >= ? and at < ? and trigger = 'schedule'",
      )
      // The row of the aggregate select above.
      .get(fromIso, toIso) as { n: number; ok: number };
    return { runs: Number(row.n), ok: Number(row.ok) };
  } finally {
    db.close();
  }
}

/**
 * Seconds the server's main thread (its event loop) has run, and has waited runnable for a CPU, so far
 * (/proc/<pid>/schedstat). A long wait means the machine, not the monitor, set the pace.
 */
function mainThreadSchedule(pid: number): { runS: number; waitS: number } {
  try {
    const [run = '0', wait = '0'] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/);
    return { runS: Number(run) / 1e9, waitS: Number(wait) / 1e9 };
  } catch {
    return { runS: 0, waitS: 0 };
  }
}

async function timeGets(admin: ApiClient, url: string, times: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(await timed(() => admin.request('GET', url)));
  return out;
}

export const benchmark: Benchmark = {
  title: 'Website monitoring: 2,000 sites every 60 s',
  method:
    `${FULL_SITES.toLocaleString('en')} local government portals (the demo sites' page generator, 50-300 KB ` +
    `homepages, ${Math.round(VOLATILE * 100)}% with a visit counter that changes on every request) served by ` +
    `${SITE_PROCESSES} processes on one loopback port each; as many website assets in ${UNITS} units, monitored ` +
    `every ${INTERVAL_SECONDS} s with every static check (${MONITOR_CHECKS.join(', ')}); the server (api, worker ` +
    `and scheduler in one process, embedded SQLite) runs ${MINUTES} min after a warm-up (every site checked once, ` +
    `then one more ${INTERVAL_SECONDS} s interval; at most ${WARMUP_MAX_SECONDS} s); ` +
    'runs counted from monitor_runs, CPU from /proc/<pid>/stat (share of all cores), peak RSS from VmHWM, ' +
    'status wall and site list timed 5 times each under that load.',
  async run(ctx) {
    const sites = Math.max(SITE_PROCESSES, Math.round(FULL_SITES * (ctx.scale ?? 1)));
    const cores = os.availableParallelism();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-monitor-'));
    const children: Child[] = [];
    try {
      // 1. The site fleet.
      const perProcess = Math.ceil(sites / SITE_PROCESSES);
      const ports: number[] = [];
      const fleet = [];
      for (let p = 0; p < SITE_PROCESSES; p++) {
        const first = p * perProcess;
        const count = Math.min(perProcess, sites - first);
        const child = spawnNode(
          ['bench/lib/gov-sites.ts', String(first), String(count), String(VOLATILE)],
          { ...process.env },
          REPO_ROOT,
        );
        children.push(child);
        fleet.push(child.waitFor(/^SITES (\[.*\])$/m, 120_000));
      }
      for (const match of await Promise.all(fleet)) ports.push(...(JSON.parse(match[1] ?? '[]') as number[])); // gov-sites.ts prints the port list
      ctx.log(`${ports.length} sites listening on 127.0.0.1 (${SITE_PROCESSES} processes)`);

      // 2. The server.
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries(process.env)) {
        if (k === 'DATABASE_URL' || k === 'NODE_OPTIONS' || k.startsWith('SHOUWANG_')) continue;
        env[k] = v;
      }
      Object.assign(env, {
        SHOUWANG_DATA_DIR: dataDir,
        SHOUWANG_WEB_DIST: path.join(dataDir, 'no-web'),
        SHOUWANG_MONITOR_ALLOWED_NETWORKS: '127.0.0.0/8',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      });
      const profDir = path.join(REPO_ROOT, 'test-results', 'monitoring-cpu-prof');
      const server = spawnNode(
        [
          ...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-interval=5000', `--cpu-prof-dir=${profDir}`] : []),
          'bench/lib/monitor-serve.ts',
        ],
        env,
        REPO_ROOT,
      );
      children.push(server);
      const pid = server.process.pid ?? 0;
      const user = (await server.waitFor(/^\W*User:\s+(\S+)/m, 60_000))[1] ?? '';
      const password = (await server.waitFor(/^\W*Password:\s+(\S+)/m, 60_000))[1] ?? '';
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        const ok = await fetch(`${base}/api/v1/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (i > 300) throw new Error(`server not healthy:\n${server.output()}`);
        await sleep(200);
      }
      const admin = new ApiClient(base);
      await admin.signIn(user, password);
      await admin.changePassword(password, `Bench-${Date.now()}-pw`);

      // 3. Units, assets, monitoring.
      const regions = await admin.request<Array<{ id: number; parentId: number | null }>>(
        'GET',
        '/api/v1/regions',
      );
      const root = regions.find((r) => r.parentId === null);
      if (!root) throw new Error('no root region');
      const unitIds: number[] = [];
      for (let u = 0; u < UNITS; u++) {
        const unit = await admin.request<{ id: number }>('POST', '/api/v1/units', {
          regionId: root.id,
          name: `江川市第${u + 1}局`,
          kind: 'government',
        });
        unitIds.push(unit.id);
      }
      const assetIds: number[] = [];
      const seedMs = await timed(() =>
        inParallel(
          ports.map((p, i) => ({ p, i })),
          8,
          async ({ p, i }) => {
            const asset = await admin.request<{ id: number }>('POST', '/api/v1/assets', {
              unitId: unitIds[i % UNITS],
              kind: 'website',
              name: `江川市第${i + 1}政务网站`,
              urls: [`http://127.0.0.1:${p}/`],
            });
            assetIds.push(asset.id);
          },
        ),
      );
      for (let i = 0; i < assetIds.length; i += 1000) {
        await admin.request('POST', '/api/v1/monitoring/bulk', {
          assetIds: assetIds.slice(i, i + 1000),
          enabled: true,
          intervalSeconds: INTERVAL_SECONDS,
          checks: [...MONITOR_CHECKS],
        });
      }
      ctx.log(
        `${assetIds.length} assets registered and monitored in ${(seedMs / 1000).toFixed(1)} s (+ bulk enable)`,
      );

      // 4. Warm-up: first runs are spread over the interval, and each is dearer than a steady-state run
      // (nothing cached yet, a baseline and the first findings stored). The window starts once every site
      // has been checked and then a full interval more, or after WARMUP_MAX_SECONDS.
      const warmStart = Date.now();
      let firstRunsSeconds = 0;
      for (;;) {
        await sleep(5_000);
        const wallNow = await admin.request<{ unknown: number }>('GET', '/api/v1/monitoring/summary');
        if (wallNow.unknown === 0 && !firstRunsSeconds) {
          firstRunsSeconds = (Date.now() - warmStart) / 1000;
          ctx.log(`every site checked once after ${firstRunsSeconds.toFixed(0)} s`);
        }
        const elapsed = (Date.now() - warmStart) / 1000;
        if (firstRunsSeconds && elapsed >= Math.max(INTERVAL_SECONDS, firstRunsSeconds + INTERVAL_SECONDS))
          break;
        if (elapsed >= WARMUP_MAX_SECONDS) {
          ctx.log(`warm-up cut at ${WARMUP_MAX_SECONDS} s with ${wallNow.unknown} sites not yet checked`);
          break;
        }
      }
      const warmupSeconds = (Date.now() - warmStart) / 1000;
      const startIso = new Date().toISOString();
      const cpu0 = cpuSeconds(pid);
      const sched0 = mainThreadSchedule(pid);
      const t0 = Date.now();
      const cache0 = lastCacheStats(server.output());
      const wall: number[] = [];
      const list: number[] = [];
      for (let m = 0; m < MINUTES; m++) {
        await sleep(30_000);
        // Timed under load, spread over the window.
        if (m < 5) {
          wall.push(...(await timeGets(admin, '/api/v1/monitoring/summary', 1)));
          list.push(...(await timeGets(admin, '/api/v1/monitoring/sites?pageSize=500', 1)));
        }
        await sleep(30_000);
        const sofar = runsBetween(path.join(dataDir, 'shouwang.db'), startIso, new Date().toISOString());
        ctx.log(
          `minute ${m + 1}: ${sofar.runs} scheduled runs so far, CPU ${(cpuSeconds(pid) - cpu0).toFixed(0)} s`,
        );
      }
      const cpu1 = cpuSeconds(pid);
      const sched1 = mainThreadSchedule(pid);
      const elapsedS = (Date.now() - t0) / 1000;
      const endIso = new Date().toISOString();
      const cache1 = lastCacheStats(server.output());
      while (wall.length < 5) wall.push(...(await timeGets(admin, '/api/v1/monitoring/summary', 1)));
      while (list.length < 5)
        list.push(...(await timeGets(admin, '/api/v1/monitoring/sites?pageSize=500', 1)));
      const { runs, ok } = runsBetween(path.join(dataDir, 'shouwang.db'), startIso, endIso);
      const summary = await admin.request<{
        total: number;
        up: number;
        down: number;
        unknown: number;
        degraded: number;
      }>('GET', '/api/v1/monitoring/summary');
      const perMinute = runs / (elapsedS / 60);
      const cpuShare = ((cpu1 - cpu0) / elapsedS / cores) * 100;
      const peak = statusMiB(pid, 'VmHWM');
      ctx.log(
        `status wall: ${summary.total} sites, ${summary.up} up, ${summary.down} down, ${summary.degraded} degraded, ${summary.unknown} unknown; ${ok}/${runs} runs ok`,
      );
      const cpuPerRunMs = runs ? ((cpu1 - cpu0) / runs) * 1000 : 0;
      const projected = ((cpuPerRunMs / 1000) * (sites / 60) * 100) / cores;
      const out: Measurement[] = [
        {
          metric: 'checks completed per minute',
          value: perMinute,
          unit: 'count',
          budget: null,
          note: `required: ${sites}`,
        },
        {
          metric: 'shortfall of checks per minute',
          value: Math.max(0, sites - perMinute),
          unit: 'count',
          budget: { maxExclusive: Math.max(1, sites * 0.02) },
          note: `${Math.round(perMinute)} completed/min vs ${sites} required (one per site per ${INTERVAL_SECONDS} s); under 2% short passes`,
        },
        {
          metric: 'scheduled runs completed in the window',
          value: runs,
          unit: 'count',
          budget: null,
          note: `${elapsedS.toFixed(0)} s, ${ok} ok`,
        },
        {
          metric: 'server CPU, % of all cores',
          value: cpuShare,
          unit: '%',
          budget: { maxExclusive: 50 },
          note: `${(cpu1 - cpu0).toFixed(0)} CPU s over ${elapsedS.toFixed(0)} s on ${cores} cores`,
        },
        {
          metric: 'server event loop waiting for a CPU, % of the window',
          value: ((sched1.waitS - sched0.waitS) / elapsedS) * 100,
          unit: '%',
          budget: null,
          note: `main thread runnable but not running (schedstat); it ran ${(((sched1.runS - sched0.runS) / elapsedS) * 100).toFixed(0)}% of the window`,
        },
        {
          metric: 'server CPU per completed check',
          value: cpuPerRunMs,
          unit: 'ms',
          budget: null,
          note: 'CPU time over the window / scheduled runs in it',
        },
        {
          metric: 'projected CPU at the required rate, % of all cores',
          value: projected,
          unit: '%',
          budget: null,
          note: `CPU per check × ${sites}/min, a projection, not a measurement`,
        },
        {
          metric: 'warm-up before the window',
          value: warmupSeconds * 1000,
          unit: 'ms',
          budget: null,
          note: firstRunsSeconds
            ? `every site checked once after ${firstRunsSeconds.toFixed(0)} s, then one more interval`
            : `cut at ${WARMUP_MAX_SECONDS} s before every site was checked once`,
        },
        {
          metric: 'sites not checked once by the end',
          value: summary.unknown,
          unit: 'count',
          budget: null,
          note: 'status still unknown on the status wall',
        },
        {
          metric: 'server peak RSS',
          value: peak,
          unit: 'MB',
          budget: { maxExclusive: 1024 },
          note: 'VmHWM, MiB',
        },
        {
          metric: 'status wall (GET /monitoring/summary)',
          value: percentile(wall, 100),
          unit: 'ms',
          budget: { maxExclusive: 2000 },
          note: `slowest of ${wall.length} under load, median ${Math.round(percentile(wall, 50))} ms`,
        },
        {
          metric: 'site list (GET /monitoring/sites?pageSize=500)',
          value: percentile(list, 100),
          unit: 'ms',
          budget: { maxExclusive: 2000 },
          note: `slowest of ${list.length} under load, median ${Math.round(percentile(list, 50))} ms`,
        },
      ];
      if (cache0 && cache1) {
        const hits = cache1.hits - cache0.hits;
        const misses = cache1.misses - cache0.misses;
        const checked = summary.total - summary.unknown;
        if (hits + misses > 0 && hits / (hits + misses) < 0.5) {
          ctx.remark?.(
            `Cache hit rate ${((hits / (hits + misses)) * 100).toFixed(0)}%: a page's analysis is re-used from its ` +
              `second check with the same HTML on (${Math.round(VOLATILE * 100)}% of the sites change on every request), and ` +
              `the ${checked} sites checked at all ran ${(runs / Math.max(1, checked)).toFixed(1)} times each in the window.`,
          );
        }
        out.push({
          metric: 'content-analysis cache hit rate',
          value: hits + misses ? (hits / (hits + misses)) * 100 : 0,
          unit: '%',
          budget: null,
          note: `${hits} hits, ${misses} misses in the window`,
        });
        if (cache1.bytes !== undefined) {
          out.push({
            metric: 'content-analysis cache size at the end',
            value: cache1.bytes / 1024 / 1024,
            unit: 'MB',
            budget: null,
            note: `${cache1.entries} pages, estimated bytes, bounded at 64 MiB`,
          });
        }
      }
      const tickSeconds = MONITOR_TICK_EVERY_SECONDS;
      const cap = DEFAULT_SCHEDULER_LIMITS.maxConcurrent * (60 / tickSeconds);
      if (perMinute < sites * 0.98) {
        const waitShare = ((sched1.waitS - sched0.waitS) / elapsedS) * 100;
        const bound =
          perMinute >= cap * 0.95
            ? 'the claim cap bounded this run'
            : waitShare >= 25
              ? `its event loop waited for a CPU ${waitShare.toFixed(0)}% of the window (load average ${os.loadavg()[0]?.toFixed(1)} on ${cores} cores), so the machine's other work bounded this run`
              : 'neither the claim cap nor a lack of CPU explains the shortfall';
        ctx.remark?.(
          `Checks per minute: ${Math.round(perMinute)} of ${sites} required (${Math.round((perMinute / sites) * 100)}%, ` +
            `short by ${Math.round(sites - perMinute)}/min). The scheduler tick (every ${tickSeconds} s) keeps at most ` +
            `maxConcurrent = ${DEFAULT_SCHEDULER_LIMITS.maxConcurrent} claims outstanding (at most ${cap} runs a minute); ` +
            `the server used ${cpuShare.toFixed(0)}% of the cores and ${bound}.`,
        );
      }
      if (projected >= 50) {
        ctx.remark?.(
          `At ${cpuPerRunMs.toFixed(0)} ms of server CPU per check, ${sites} checks a minute would need about ` +
            `${projected.toFixed(0)}% of the ${cores} cores (budget 50%), with the cache hit rate seen here.`,
        );
      }
      return out;
    } finally {
      for (const child of children.reverse()) await child.stop();
      const profile = CPU_PROF
        ? newestProfile(path.join(REPO_ROOT, 'test-results', 'monitoring-cpu-prof'))
        : null;
      if (profile) {
        const top = selfTimeByFile(profile, REPO_ROOT, 8)
          .map((t) => `${t.where} ${(t.share * 100).toFixed(0)}%`)
          .join(', ');
        ctx.remark?.(
          `Server CPU profile (--cpu-prof, self time by file, 5 ms sampling, busy samples of the whole run incl. set-up): ${top}.`,
        );
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
