import type { Page } from 'playwright-core';
import { describe, onTestFailed, test } from 'vitest';
import { screenshot } from './browser.ts';
import { findChromium } from './chromium.ts';

/** True when CI demands the browser tests (E2E_REQUIRED=1): a missing Chromium is then a failure, not a skip. */
export function e2eRequired(): boolean {
  return process.env.E2E_REQUIRED === '1' || process.env.E2E_REQUIRED === 'true';
}

/**
 * A describe block for browser tests. Without Chromium it fails loudly when E2E_REQUIRED=1, and is
 * otherwise skipped with a plain message so a skipped run is never mistaken for a pass.
 */
export function describeE2E(name: string, body: (chromiumPath: string) => void): void {
  const chromiumPath = findChromium();
  if (chromiumPath) {
    describe(name, () => body(chromiumPath));
  } else if (e2eRequired()) {
    describe(name, () => {
      test('needs Chromium', () => {
        throw new Error(
          'E2E_REQUIRED=1 but no chromium was found (/usr/bin/chromium or chromium on PATH); ' +
            'install it (apt-get install chromium) or set CHROMIUM_PATH.',
        );
      });
    });
  } else {
    console.log(`e2e SKIPPED: no chromium on PATH (${name})`);
    describe.skip(name, () => body(''));
  }
}

/**
 * Returns `step(name, fn)`: tests that form one flow over a shared page. A failing step leaves a
 * screenshot in test-results/, and the steps after it are skipped (naming the failed step) instead of
 * failing for a reason that is not theirs.
 */
export function flowSteps(flowName: string, currentPage: () => Page | undefined) {
  let failedStep: string | null = null;
  let index = 0;
  return (name: string, fn: () => Promise<void>, timeoutMs?: number) => {
    const number = ++index;
    test(
      name,
      async (ctx) => {
        if (failedStep) ctx.skip(`an earlier step failed: ${failedStep}`);
        onTestFailed(async () => {
          failedStep = name;
          const page = currentPage();
          if (page && !page.isClosed()) {
            const file = await screenshot(page, `${flowName}-${number}-${name}`).catch(() => null);
            if (file) console.log(`screenshot of the failed step: ${file}`);
          }
        });
        await fn();
      },
      timeoutMs,
    );
  };
}
