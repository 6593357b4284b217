// Polls one feed: a conditional GET (If-None-Match / If-Modified-Since) through the monitoring SSRF
// guard with a size cap, parse, store new entries as topic items, and record the feed's health. A
// failure backs off exponentially (interval x 2^failures, at most a day) and never throws.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { TopicFeedRow } from '../../../platform/db/schema-topics.ts';
import { MonitorFetchError } from '../../monitoring/fetch/fetch-error.ts';
import type { SafeFetchOptions } from '../../monitoring/fetch/fetch-types.ts';
import { safeFetch } from '../../monitoring/fetch/safe-fetch.ts';
import { topicsRepository as repo } from '../topics.repository.ts';
import { parseFeedBody } from './feed-parse.ts';

/** A feed larger than this is refused (a news feed is tens of kilobytes). */
export const MAX_FEED_BYTES = 2 * 1024 * 1024;
const MAX_BACKOFF_MS = 24 * 3600_000;
const FEED_USER_AGENT = 'Shouwang-Feeds/1 (+government office topic monitoring)';

export interface PollOutcome {
  status: 'ok' | 'not_modified' | 'error';
  httpStatus: number | null;
  newItems: number;
  entries: number;
  error: string | null;
}

export interface PollDeps {
  db: Kysely<Database>;
  now: () => Date;
  fetchOptions?: SafeFetchOptions;
}

function describe(err: unknown): string {
  if (err instanceof MonitorFetchError) return `${err.kind}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export async function pollFeed(deps: PollDeps, feed: TopicFeedRow): Promise<PollOutcome> {
  const { db, now } = deps;
  const headers: Record<string, string> = {
    accept:
      'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, */*;q=0.5',
  };
  if (feed.etag) headers['if-none-match'] = feed.etag;
  if (feed.last_modified) headers['if-modified-since'] = feed.last_modified;
  let outcome: PollOutcome;
  let etag = feed.etag;
  let lastModified = feed.last_modified;
  let format = feed.format;
  try {
    const res = await safeFetch(feed.url, {
      ...deps.fetchOptions,
      userAgent: FEED_USER_AGENT,
      headers: { ...deps.fetchOptions?.headers, ...headers },
      maxBodyBytes: MAX_FEED_BYTES,
      maxDecompressedBytes: MAX_FEED_BYTES * 4,
      onLimit: 'throw',
      maxRedirects: 5,
      timeouts: { total: 30_000 },
    });
    if (res.status === 304) {
      outcome = { status: 'not_modified', httpStatus: 304, newItems: 0, entries: 0, error: null };
    } else if (res.status < 200 || res.status >= 300) {
      outcome = {
        status: 'error',
        httpStatus: res.status,
        newItems: 0,
        entries: 0,
        error: `HTTP ${res.status}`,
      };
    } else {
      const body = res.text ?? res.body.toString('utf8');
      const parsed = parseFeedBody(body, res.contentType);
      if (!parsed.ok) {
        outcome = { status: 'error', httpStatus: res.status, newItems: 0, entries: 0, error: parsed.error };
      } else {
        format = parsed.format;
        const at = now().toISOString();
        let inserted = 0;
        await db.transaction().execute(async (trx) => {
          for (const e of parsed.entries) {
            // An entry without a date, or dated in the future, counts when it was first seen.
            const time = e.time !== null && e.time <= now().getTime() ? new Date(e.time).toISOString() : at;
            const added = await repo.insertItem(trx, {
              source_kind: 'feed',
              source_label: feed.name.slice(0, 200),
              external_key: `feed:${feed.id}:${e.key}`,
              occurred_at: time,
              title: e.title,
              text: e.text,
              url: e.link,
              region_id: feed.region_id,
              region_path: feed.region_path,
              intake_case_id: null,
              feed_id: feed.id,
              created_at: at,
            });
            if (added) inserted++;
          }
        });
        etag = res.headers.etag?.slice(0, 500) ?? null;
        lastModified = res.headers['last-modified']?.slice(0, 100) ?? null;
        outcome = {
          status: 'ok',
          httpStatus: res.status,
          newItems: inserted,
          entries: parsed.entries.length,
          error: parsed.skipped > 0 ? `${parsed.skipped} entries without title or text were skipped` : null,
        };
      }
    }
  } catch (err) {
    outcome = {
      status: 'error',
      httpStatus: null,
      newItems: 0,
      entries: 0,
      error: describe(err).slice(0, 1000),
    };
  }
  const at = now();
  const failures = outcome.status === 'error' ? feed.failures + 1 : 0;
  const interval = feed.interval_minutes * 60_000;
  const wait = failures > 0 ? Math.min(MAX_BACKOFF_MS, interval * 2 ** Math.min(failures, 10)) : interval;
  await db
    .updateTable('topic_feeds')
    .set({
      etag,
      last_modified: lastModified,
      format,
      last_status: outcome.status,
      last_http_status: outcome.httpStatus,
      last_error: outcome.error,
      last_polled_at: at.toISOString(),
      ...(outcome.status !== 'error' ? { last_success_at: at.toISOString() } : {}),
      last_item_count: outcome.status === 'ok' ? outcome.entries : feed.last_item_count,
      items_total: feed.items_total + outcome.newItems,
      failures,
      next_poll_at: new Date(at.getTime() + wait).toISOString(),
      updated_at: at.toISOString(),
    })
    .where('id', '=', feed.id)
    .execute();
  return outcome;
}
