import type { CheckContext } from '../check-types.ts';
import { MonitorFetchError } from '../fetch/fetch-error.ts';
import type { FetchResult } from '../fetch/fetch-types.ts';
import { safeFetch } from '../fetch/safe-fetch.ts';

/** Fetches a page for a check, turning a fetch failure into a value the check can judge. */
export async function fetchForCheck(
  url: string,
  ctx: CheckContext,
): Promise<FetchResult | MonitorFetchError> {
  try {
    return await safeFetch(url, ctx.fetchOptions);
  } catch (err) {
    if (err instanceof MonitorFetchError) return err;
    throw err;
  }
}

/** The page shared by all checks of one run, fetched now when the caller has not fetched it. */
export async function pageFor(ctx: CheckContext): Promise<FetchResult | MonitorFetchError> {
  return ctx.page ?? fetchForCheck(ctx.url, ctx);
}

/** Failures that say the target cannot be monitored as configured, not that the site is down. */
export function isConfigurationFailure(err: MonitorFetchError): boolean {
  return err.kind === 'invalid_url' || err.kind === 'forbidden_address';
}
