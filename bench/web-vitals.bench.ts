import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/chromium.ts';
import { startDemo } from './lib/demo.ts';
import { numberFromEnv } from './lib/env.ts';
import { coldLoad, type PaintTimes } from './lib/paint.ts';
import { type Benchmark, type Measurement, median } from './lib/types.ts';

const LOADS = numberFromEnv('BENCH_LOADS', 5);
const FCP_BUDGET_MS = 2_000;
const LCP_BUDGET_MS = 2_500;

async function onLoginPage(page: Page): Promise<void> {
  await page.getByTestId('login-username').waitFor({ state: 'visible', timeout: 10_000 });
}

async function onDashboard(page: Page): Promise<void> {
  await page.getByTestId('stat-total').waitFor({ state: 'visible', timeout: 10_000 });
}

/** The median, with the spread of the loads in the note so a noisy run shows as one. */
function summarise(page: string, loads: PaintTimes[]): Measurement[] {
  const metric = (name: 'FCP' | 'LCP', values: number[], budget: number): Measurement => ({
    metric: `${page} ${name}`,
    value: median(values),
    unit: 'ms',
    budget: { maxExclusive: budget },
    note: `median of ${values.length} cold loads; range ${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))} ms`,
  });
  return [
    metric(
      'FCP',
      loads.map((l) => l.fcp),
      FCP_BUDGET_MS,
    ),
    metric(
      'LCP',
      loads.map((l) => l.lcp),
      LCP_BUDGET_MS,
    ),
  ];
}

export const benchmark: Benchmark = {
  title: 'First and largest contentful paint of the sign-in page and the home dashboard',
  method:
    `Headless Chromium (playwright-core) loads each page ${LOADS} times, each in a new browser context ` +
    '(cold cache), from `serve --demo` on the same machine. Once the network is idle and the page shows its ' +
    'content (the sign-in form; the dashboard figures), FCP is read from the paint timeline and LCP from the ' +
    'last largest-contentful-paint entry. The dashboard is loaded signed in as the demo administrator.',
  async run(ctx) {
    const { server, admin } = await startDemo();
    const browser = await launchChromium().catch(async (err: unknown) => {
      await server.stop();
      throw err;
    });
    try {
      ctx.log(`Chromium ${browser.version()}; server ${server.url}`);
      const login: PaintTimes[] = [];
      const dashboard: PaintTimes[] = [];
      for (let i = 0; i < LOADS; i++) {
        login.push(await coldLoad(browser, `${server.url}/login`, { verify: onLoginPage }));
        dashboard.push(
          await coldLoad(browser, `${server.url}/`, { session: admin.sessionToken, verify: onDashboard }),
        );
      }
      const show = (loads: PaintTimes[]) =>
        loads.map((l) => `${Math.round(l.fcp)}/${Math.round(l.lcp)}`).join(' ');
      ctx.log(`sign-in FCP/LCP ms: ${show(login)}`);
      ctx.log(`dashboard FCP/LCP ms: ${show(dashboard)}`);
      return [...summarise('sign-in page', login), ...summarise('home dashboard (signed in)', dashboard)];
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};
