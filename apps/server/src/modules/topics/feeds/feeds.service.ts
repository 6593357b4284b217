import { isUnitRole } from '@shouwang/common';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import { inRegionSubtree } from '../../../platform/db/region-path.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { containsText } from '../../../platform/db/text-search.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import type { SafeFetchOptions } from '../../monitoring/fetch/fetch-types.ts';
import { parseTargetUrl } from '../../monitoring/fetch/safe-fetch.ts';
import { monitoringMessage } from '../../monitoring/monitoring.i18n.ts';
import { topicsPolicy } from '../topics.policy.ts';
import { presentFeed } from '../topics.presenter.ts';
import { topicsRepository } from '../topics.repository.ts';
import { pollFeed } from './feed-poll.ts';

export interface FeedInput {
  name: string;
  url: string;
  regionId: number;
  intervalMinutes: number;
  enabled: boolean;
}

/** How many feeds one tick polls at most (the rest wait for the next tick). */
const POLLS_PER_TICK = 20;

/** Feed subscriptions of an office: add, edit, remove, poll now, and the due polls of the job layer. */
export function createFeedsService(deps: {
  db: Kysely<Database>;
  now: () => Date;
  fetchOptions?: SafeFetchOptions;
  /** Called after new items were stored (the composition root enqueues processing). */
  onItems?: () => Promise<void>;
}) {
  const { db, now } = deps;

  async function load(actor: Actor, id: number) {
    if (isUnitRole(actor.role)) throw AppError.notFound();
    const feed = await db
      .selectFrom('topic_feeds')
      .selectAll()
      .where('id', '=', id)
      .where(inRegionSubtree('region_path', actor.regionPath))
      .executeTakeFirst();
    if (!feed) throw AppError.notFound();
    return feed;
  }

  async function checkInput(actor: Actor, input: FeedInput) {
    const region = await topicsRepository.regionInJurisdiction(db, actor, input.regionId);
    if (!region) throw AppError.notFound();
    try {
      parseTargetUrl(input.url.trim());
    } catch {
      // The same message as a page monitoring refuses (the fetch error's own text is English only).
      throw AppError.invalid([
        { field: 'url', message: monitoringMessage(actor.locale, 'url_invalid', { value: input.url }) },
      ]);
    }
    return region;
  }

  async function poll(feedId: number) {
    const feed = await db.selectFrom('topic_feeds').selectAll().where('id', '=', feedId).executeTakeFirst();
    if (!feed) return null;
    const outcome = await pollFeed(
      { db, now, ...(deps.fetchOptions ? { fetchOptions: deps.fetchOptions } : {}) },
      feed,
    );
    if (outcome.newItems > 0) await deps.onItems?.();
    return outcome;
  }

  return {
    async list(actor: Actor, f: { q?: string; status?: string; limit: number; offset: number }) {
      if (!topicsPolicy.canRead(actor)) throw AppError.forbidden();
      const base = db
        .selectFrom('topic_feeds')
        .where(inRegionSubtree('region_path', actor.regionPath))
        .$if(!!f.q, (qb) =>
          qb.where((eb) => eb.or([containsText('name', f.q ?? ''), containsText('url', f.q ?? '')])),
        )
        .$if(!!f.status && f.status !== 'never', (qb) => qb.where('last_status', '=', f.status ?? ''))
        .$if(f.status === 'never', (qb) => qb.where('last_status', 'is', null));
      const n = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await base.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
      return { items: rows.map((r) => presentFeed(actor, r)), total: Number(n.n) };
    },

    async get(actor: Actor, id: number) {
      return presentFeed(actor, await load(actor, id));
    },

    async create(actor: Actor, input: FeedInput) {
      if (!topicsPolicy.canRead(actor)) throw AppError.forbidden();
      const region = await checkInput(actor, input);
      if (!topicsPolicy.canWork(actor)) throw AppError.forbidden();
      const at = now().toISOString();
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('topic_feeds')
          .values({
            region_id: region.id,
            region_path: region.path,
            name: input.name.trim(),
            url: input.url.trim(),
            enabled: input.enabled ? 1 : 0,
            interval_minutes: input.intervalMinutes,
            etag: null,
            last_modified: null,
            format: null,
            last_status: null,
            last_http_status: null,
            last_error: null,
            last_polled_at: null,
            last_success_at: null,
            last_item_count: null,
            items_total: 0,
            failures: 0,
            // A new feed is polled at the next tick.
            next_poll_at: at,
            created_by: actor.userId,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(trx, actor, {
          action: 'topic.feed_create',
          resourceType: 'topic_feed',
          resourceId: row.id,
          regionPath: region.path,
          after: input,
        });
        return row.id;
      });
      return this.get(actor, id);
    },

    async update(actor: Actor, id: number, input: FeedInput) {
      const feed = await load(actor, id);
      if (!topicsPolicy.canWork(actor)) throw AppError.forbidden();
      const region = await checkInput(actor, input);
      const at = now().toISOString();
      const urlChanged = feed.url !== input.url.trim();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('topic_feeds')
          .set({
            region_id: region.id,
            region_path: region.path,
            name: input.name.trim(),
            url: input.url.trim(),
            enabled: input.enabled ? 1 : 0,
            interval_minutes: input.intervalMinutes,
            // A new address starts over: no validators, no backoff, polled at the next tick.
            ...(urlChanged ? { etag: null, last_modified: null, failures: 0, next_poll_at: at } : {}),
            ...(input.enabled && feed.enabled === 0 ? { failures: 0, next_poll_at: at } : {}),
            updated_at: at,
          })
          .where('id', '=', id)
          .execute();
        await appendAudit(trx, actor, {
          action: 'topic.feed_update',
          resourceType: 'topic_feed',
          resourceId: id,
          regionPath: region.path,
          before: {
            name: feed.name,
            url: feed.url,
            enabled: feed.enabled === 1,
            intervalMinutes: feed.interval_minutes,
          },
          after: input,
        });
      });
      return this.get(actor, id);
    },

    async remove(actor: Actor, id: number) {
      const feed = await load(actor, id);
      if (!topicsPolicy.canWork(actor)) throw AppError.forbidden();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('topic_feeds').where('id', '=', id).execute();
        await appendAudit(trx, actor, {
          action: 'topic.feed_delete',
          resourceType: 'topic_feed',
          resourceId: id,
          regionPath: feed.region_path,
          before: { name: feed.name, url: feed.url },
        });
      });
    },

    /** Polls one feed now, whatever its schedule. */
    async pollNow(actor: Actor, id: number) {
      await load(actor, id);
      if (!topicsPolicy.canWork(actor)) throw AppError.forbidden();
      const outcome = await poll(id);
      if (!outcome) throw AppError.notFound();
      return outcome;
    },

    /**
     * The job layer's tick: claims due feeds (moving their next poll ahead first) and polls them, starting
     * no new poll after `budgetMs`.
     */
    async pollDue(budgetMs = 20_000): Promise<number> {
      const started = Date.now();
      const at = now().toISOString();
      const due = await db
        .selectFrom('topic_feeds')
        .select(['id', 'next_poll_at', 'interval_minutes'])
        .where('enabled', '=', 1)
        .where((eb) => eb.or([eb('next_poll_at', 'is', null), eb('next_poll_at', '<=', at)]))
        .orderBy('next_poll_at')
        .limit(POLLS_PER_TICK)
        .execute();
      let polled = 0;
      for (const f of due) {
        // The rest wait for the next tick: a stopping worker never waits on a long round of polls.
        if (Date.now() - started >= budgetMs) break;
        // Claim: only the process that moves next_poll_at from the value it read polls the feed.
        const lease = new Date(now().getTime() + 10 * 60_000).toISOString();
        const claim = await db
          .updateTable('topic_feeds')
          .set({ next_poll_at: lease })
          .where('id', '=', f.id)
          .where((eb) =>
            f.next_poll_at === null
              ? eb('next_poll_at', 'is', null)
              : eb('next_poll_at', '=', f.next_poll_at),
          )
          .executeTakeFirst();
        if (Number(claim.numUpdatedRows) !== 1) continue;
        await poll(f.id);
        polled++;
      }
      return polled;
    },
  };
}

export type FeedsService = ReturnType<typeof createFeedsService>;
