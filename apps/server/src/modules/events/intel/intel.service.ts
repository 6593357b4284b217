import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { IntelFeedRow } from '../../../platform/db/schema-intel.ts';
import { type Actor, systemActor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import type { SafeFetchOptions } from '../../monitoring/fetch/fetch-types.ts';
import { parseTargetUrl } from '../../monitoring/fetch/safe-fetch.ts';
import { intelPolicy } from './intel.policy.ts';
import { presentFeed, presentIndicator, presentIndicatorDetail } from './intel.presenter.ts';
import { type IndicatorFilter, intelRepository as repo } from './intel.repository.ts';
import {
  type FeedFile,
  fetchFeedFiles,
  filesOfUpload,
  type Progress,
  parseFeedFiles,
} from './intel-feed-files.ts';
import type { FeedKind, ItemError } from './intel-import-types.ts';
import { type ImportResult, storeIndicators } from './intel-store.ts';

export interface FeedInput {
  name: string;
  kind: FeedKind;
  url?: string | null;
  enabled?: boolean;
  defaultTtlDays?: number | null;
  refreshMinutes?: number | null;
}

export interface ImportProgress {
  phase: 'queued' | 'fetching' | 'parsing' | 'storing';
  done: number;
  total: number;
}

export interface IntelDeps {
  db: Db;
  now: () => Date;
  fetchOptions: SafeFetchOptions;
  /** Enqueues the import job of a feed (the job layer); returns false when one is already queued. */
  enqueueImport?: (feedId: number) => Promise<void>;
  /** Called after indicators changed (the detector reloads). */
  onChanged?: () => void;
}

/** Threat intelligence: feeds (STIX, MISP, CSV by URL or upload), their imports, and the indicators. */
export function createIntelService(deps: IntelDeps) {
  const { db, now } = deps;
  // Progress of the imports running in this process, for the feeds page (polled while it shows "running").
  const progress = new Map<number, ImportProgress>();

  function requireRead(actor: Actor) {
    if (!intelPolicy.canRead(actor)) throw AppError.forbidden();
  }
  function requireManage(actor: Actor) {
    requireRead(actor);
    if (!intelPolicy.canManage(actor)) throw AppError.forbidden();
  }

  // Not visible = 404: a unit role is not told that a feed or indicator exists.
  function requireSee(actor: Actor) {
    if (!intelPolicy.canRead(actor)) throw AppError.notFound();
  }

  async function loadFeed(id: number): Promise<IntelFeedRow> {
    const feed = await repo.findFeed(db, id);
    if (!feed) throw AppError.notFound();
    return feed;
  }

  const background = new Set<Promise<void>>();

  async function runImport(feedId: number, actor: Actor): Promise<ImportResult | null> {
    const feed = await repo.findFeed(db, feedId);
    if (!feed?.url) return null;
    const url = feed.url;
    await repo.updateFeed(db, feedId, { import_state: 'running', updated_at: now().toISOString() });
    return runImportOf(actor, feed, () =>
      fetchFeedFiles(feed.kind as FeedKind, url, deps.fetchOptions, (phase, done, total) =>
        progress.set(feed.id, { phase, done, total }),
      ),
    );
  }

  function checkInput(input: FeedInput, actor: Actor): void {
    const reason = (zh: string, en: string) =>
      new AppError('intel_feed_invalid', { reason: actor.locale === 'en-US' ? en : zh });
    if (input.url) {
      try {
        const u = parseTargetUrl(input.url);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      } catch {
        throw reason('URL 须为 http(s) 地址', 'the URL must be an http(s) address');
      }
    }
    if (input.refreshMinutes && !input.url) {
      throw reason('定时导入需要填写 URL', 'a schedule needs a URL to fetch');
    }
  }

  async function feedView(actor: Actor, id: number) {
    const [found] = await repo.listFeeds(db, now().toISOString(), id);
    if (!found) throw AppError.notFound();
    return presentFeed(found.feed, found.total, found.active, progress.get(id) ?? null, actor);
  }

  /** Parses, stores and records the result of one import; never throws for bad feed content. */
  async function runImportOf(
    actor: Actor,
    feed: IntelFeedRow,
    source: () => Promise<{ files: FeedFile[]; errors: ItemError[] }>,
  ): Promise<ImportResult> {
    const started = now();
    const startedAt = started.toISOString();
    const report: Progress = (phase, done, total) => progress.set(feed.id, { phase, done, total });
    report('fetching', 0, 0);
    let result: ImportResult;
    try {
      const { files, errors: sourceErrors } = await source();
      report('parsing', 0, files.length);
      const parsed = parseFeedFiles(feed.kind as FeedKind, files);
      if (files.length === 0) parsed.errors.length = 0; // nothing to read: the source errors say why
      parsed.errors.unshift(...sourceErrors);
      const stored = await storeIndicators(db, feed, parsed, startedAt, report);
      const finished = now();
      result = {
        ...stored,
        status: stored.errorCount === 0 ? 'ok' : stored.read > 0 ? 'partial' : 'failed',
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
      };
    } catch (err) {
      // A database failure mid-import: the batches committed so far stay (re-import is idempotent).
      const finished = now();
      result = {
        status: 'failed',
        read: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        stale: 0,
        notMatchable: 0,
        errorCount: 1,
        errors: [{ item: 'import', error: err instanceof Error ? err.message : String(err) }],
        startedAt,
        finishedAt: finished.toISOString(),
        durationMs: finished.getTime() - started.getTime(),
      };
    } finally {
      progress.delete(feed.id);
    }
    const at = now().toISOString();
    await db.transaction().execute(async (trx) => {
      await repo.updateFeed(trx, feed.id, {
        import_state: null,
        import_progress: null,
        import_started_at: null,
        last_import_at: result.finishedAt,
        last_status: result.status,
        last_result: JSON.stringify(result),
        updated_at: at,
        ...(feed.refresh_minutes
          ? { next_run_at: new Date(now().getTime() + feed.refresh_minutes * 60_000).toISOString() }
          : {}),
      });
      await repo.bumpVersion(trx);
      const { errors: _errors, ...counts } = result;
      await appendAudit(trx, actor, {
        action: 'intel.feed.import',
        resourceType: 'intel_feed',
        resourceId: feed.id,
        after: { ...counts, firstErrors: result.errors.slice(0, 5) },
      });
    });
    deps.onChanged?.();
    return result;
  }

  return {
    async listFeeds(actor: Actor) {
      requireRead(actor);
      const feeds = await repo.listFeeds(db, now().toISOString());
      return feeds.map((f) => presentFeed(f.feed, f.total, f.active, progress.get(f.feed.id) ?? null, actor));
    },

    async getFeed(actor: Actor, id: number) {
      requireSee(actor);
      return feedView(actor, id);
    },

    async createFeed(actor: Actor, input: FeedInput) {
      requireManage(actor);
      checkInput(input, actor);
      if (await repo.findFeedByName(db, input.name.trim())) throw new AppError('conflict');
      const at = now().toISOString();
      const id = await db.transaction().execute(async (trx) => {
        const values = {
          name: input.name.trim(),
          kind: input.kind,
          url: input.url || null,
          enabled: input.enabled === false ? 0 : 1,
          default_ttl_days: input.defaultTtlDays ?? null,
          refresh_minutes: input.url ? (input.refreshMinutes ?? null) : null,
          next_run_at: input.url && input.refreshMinutes ? at : null,
          import_state: null,
          import_progress: null,
          import_started_at: null,
          last_import_at: null,
          last_status: null,
          last_result: null,
          created_at: at,
          updated_at: at,
        };
        const newId = await repo.insertFeed(trx, values);
        await appendAudit(trx, actor, {
          action: 'intel.feed.create',
          resourceType: 'intel_feed',
          resourceId: newId,
          after: values,
        });
        return newId;
      });
      return feedView(actor, id);
    },

    async updateFeed(actor: Actor, id: number, input: Partial<FeedInput>) {
      requireSee(actor);
      const feed = await loadFeed(id);
      requireManage(actor);
      const merged: FeedInput = {
        name: input.name ?? feed.name,
        kind: input.kind ?? (feed.kind as FeedKind),
        url: input.url === undefined ? feed.url : input.url,
        enabled: input.enabled ?? feed.enabled === 1,
        defaultTtlDays: input.defaultTtlDays === undefined ? feed.default_ttl_days : input.defaultTtlDays,
        refreshMinutes: input.refreshMinutes === undefined ? feed.refresh_minutes : input.refreshMinutes,
      };
      checkInput(merged, actor);
      if (merged.name.trim() !== feed.name) {
        const other = await repo.findFeedByName(db, merged.name.trim());
        if (other && other.id !== id) throw new AppError('conflict');
      }
      const at = now().toISOString();
      const values = {
        name: merged.name.trim(),
        kind: merged.kind,
        url: merged.url || null,
        enabled: merged.enabled ? 1 : 0,
        default_ttl_days: merged.defaultTtlDays ?? null,
        refresh_minutes: merged.url ? (merged.refreshMinutes ?? null) : null,
        next_run_at: merged.url && merged.refreshMinutes ? (feed.next_run_at ?? at) : null,
        updated_at: at,
      };
      await db.transaction().execute(async (trx) => {
        await repo.updateFeed(trx, id, values);
        // Enabling or disabling a feed changes what the matcher holds.
        if (values.enabled !== feed.enabled) await repo.bumpVersion(trx);
        await appendAudit(trx, actor, {
          action: 'intel.feed.update',
          resourceType: 'intel_feed',
          resourceId: id,
          before: feed,
          after: values,
        });
      });
      deps.onChanged?.();
      return feedView(actor, id);
    },

    async deleteFeed(actor: Actor, id: number) {
      requireSee(actor);
      const feed = await loadFeed(id);
      requireManage(actor);
      await db.transaction().execute(async (trx) => {
        await repo.deleteFeed(trx, id);
        await repo.bumpVersion(trx);
        await appendAudit(trx, actor, {
          action: 'intel.feed.delete',
          resourceType: 'intel_feed',
          resourceId: id,
          before: { ...feed, last_result: undefined },
        });
      });
      deps.onChanged?.();
    },

    /** Queues an import of a URL feed through the job layer; the feed shows "queued", then progress. */
    async importNow(actor: Actor, id: number) {
      requireSee(actor);
      const feed = await loadFeed(id);
      requireManage(actor);
      if (!feed.url) {
        throw new AppError('intel_feed_invalid', {
          reason:
            actor.locale === 'en-US'
              ? 'this feed has no URL; upload a file instead'
              : '该情报源没有 URL，请上传文件导入',
        });
      }
      // The claim and its audit entry commit together.
      await db.transaction().execute(async (trx) => {
        if (!(await repo.claimImport(trx, id, now().toISOString())))
          throw new AppError('intel_import_running');
        await appendAudit(trx, actor, {
          action: 'intel.feed.queue_import',
          resourceType: 'intel_feed',
          resourceId: id,
        });
      });
      progress.set(id, { phase: 'queued', done: 0, total: 0 });
      // Run here, in the background, so this process (which serves the feeds page) reports the progress;
      // scheduled imports go through the job layer. The outcome is recorded on the feed either way.
      const run = runImport(id, actor).then(
        () => undefined,
        () => undefined,
      );
      background.add(run);
      void run.finally(() => background.delete(run));
      return feedView(actor, id);
    },

    /** Imports an uploaded file (JSON, CSV or a ZIP of them) into a feed, now, and returns the result. */
    async upload(actor: Actor, id: number, fileName: string, buffer: Buffer) {
      requireSee(actor);
      const feed = await loadFeed(id);
      requireManage(actor);
      if (!(await repo.claimImport(db, id, now().toISOString()))) throw new AppError('intel_import_running');
      const result = await runImportOf(actor, feed, async () => filesOfUpload(fileName, buffer));
      return { result, feed: await feedView(actor, id) };
    },

    /** The import job: fetches a URL feed through the SSRF guard and stores it. Idempotent. */
    runImport: (feedId: number) => runImport(feedId, systemActor()),

    /** Resolves when the imports started by importNow in this process have finished (tests, shutdown). */
    async settle(): Promise<void> {
      while (background.size > 0) await Promise.all([...background]);
    },

    /** The scheduler tick: queues the imports of enabled URL feeds whose refresh is due. */
    async tick(): Promise<number> {
      const at = now().toISOString();
      let queued = 0;
      for (const due of await repo.dueFeeds(db, at)) {
        if (!(await repo.claimImport(db, due.id, at))) continue;
        await repo.updateFeed(db, due.id, {
          next_run_at: new Date(now().getTime() + (due.refresh_minutes ?? 60) * 60_000).toISOString(),
        });
        if (deps.enqueueImport) await deps.enqueueImport(due.id);
        queued++;
      }
      return queued;
    },

    async listIndicators(actor: Actor, filter: IndicatorFilter) {
      requireRead(actor);
      const at = now().toISOString();
      const { items, total } = await repo.listIndicators(db, filter, at);
      return { items: items.map((row) => presentIndicator(row, at)), total };
    },

    async getIndicator(actor: Actor, id: number) {
      requireSee(actor);
      const row = await repo.findIndicator(db, id);
      if (!row) throw AppError.notFound();
      return presentIndicatorDetail(row, now().toISOString());
    },
  };
}

export type IntelService = ReturnType<typeof createIntelService>;
