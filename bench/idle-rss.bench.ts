import { readFile } from 'node:fs/promises';
import { startDemo } from './lib/demo.ts';
import { numberFromEnv } from './lib/env.ts';
import type { Benchmark, Measurement } from './lib/types.ts';

const IDLE_SECONDS = numberFromEnv('BENCH_IDLE_SECONDS', 10);

async function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

/** GETs a page the way a browser would: the HTML shell, then every script and stylesheet it names. */
async function loadPage(baseUrl: string, path: string): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  const html = await response.text();
  for (const match of html.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)) {
    const asset = await fetch(`${baseUrl}${match[1]}`);
    if (!asset.ok) throw new Error(`GET ${match[1]} answered ${asset.status}`);
    await asset.arrayBuffer();
  }
}

export const benchmark: Benchmark = {
  title: 'Idle memory of the server at demo scale',
  method:
    '`shouwang serve --demo` (api, worker and scheduler in one process, embedded SQLite) on a fresh data ' +
    'directory; the administrator signs in, the web app shell and a few API lists are loaded, then the ' +
    `server idles ${IDLE_SECONDS} s and its resident memory is read from /proc/<pid>/status (VmRSS).`,
  async run(ctx) {
    const { server, admin, startMs } = await startDemo();
    try {
      ctx.log(`serve --demo healthy after ${startMs} ms (pid ${server.pid})`);
      for (const page of ['/', '/login', '/assets', '/org', '/audit']) await loadPage(server.url, page);
      const units = await admin.request<{ total: number }>('GET', '/api/v1/units?pageSize=100');
      const assets = await admin.request<{ total: number }>('GET', '/api/v1/assets?pageSize=100');
      await admin.request('GET', '/api/v1/regions');
      await admin.request('GET', '/api/v1/audit?pageSize=50');
      ctx.log(`demo scale: ${units.total} units, ${assets.total} assets; idling ${IDLE_SECONDS} s`);
      await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
      const rss = await statusKiB(server.pid, 'VmRSS');
      const peak = await statusKiB(server.pid, 'VmHWM');
      const measurements: Measurement[] = [
        {
          metric: 'idle RSS',
          value: rss / 1024,
          unit: 'MB',
          budget: { maxExclusive: 300 },
          note: `VmRSS after ${IDLE_SECONDS} s idle`,
        },
        { metric: 'peak RSS', value: peak / 1024, unit: 'MB', budget: null, note: 'VmHWM' },
        {
          metric: 'start-up to healthy',
          value: startMs,
          unit: 'ms',
          budget: null,
          note: 'migrate + demo load',
        },
        { metric: 'demo units', value: units.total, unit: 'count', budget: null },
        { metric: 'demo assets', value: assets.total, unit: 'count', budget: null },
      ];
      return measurements;
    } finally {
      await server.stop();
    }
  },
};
