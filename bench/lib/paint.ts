import type { Browser, Page } from 'playwright-core';

export interface PaintTimes {
  fcp: number;
  lcp: number;
}

export interface ColdLoadOptions {
  /** A session cookie to start signed in. */
  session?: string | null;
  /** Checks the page really is the one meant (e.g. not bounced to the sign-in page); throws if not. */
  verify: (page: Page) => Promise<void>;
}

/**
 * Loads `url` in a new browser context (empty cache, no service worker) and reads First Contentful Paint
 * from the paint timeline and the final Largest Contentful Paint candidate, both in ms from navigation.
 */
export async function coldLoad(browser: Browser, url: string, options: ColdLoadOptions): Promise<PaintTimes> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
  });
  try {
    if (options.session) {
      await context.addCookies([{ name: 'sw_session', value: options.session, url: new URL(url).origin }]);
    }
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle', timeout: 60_000 });
    await options.verify(page);
    const times = await page.evaluate(
      () =>
        new Promise<{ fcp: number | null; lcp: number | null }>((resolve) => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
          let lcp: number | null = null;
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) lcp = entry.startTime;
          });
          observer.observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => {
            observer.disconnect();
            resolve({ fcp, lcp });
          }, 300);
        }),
    );
    if (times.fcp === null) throw new Error(`no first-contentful-paint entry for ${url}`);
    if (times.lcp === null) throw new Error(`no largest-contentful-paint entry for ${url}`);
    return { fcp: times.fcp, lcp: times.lcp };
  } finally {
    await context.close();
  }
}
