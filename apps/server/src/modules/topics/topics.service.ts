import { isUnitRole } from '@shouwang/common';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { inRegionSubtree } from '../../platform/db/region-path.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { caseVisibleTo } from '../intake/intake.repository.ts';
import { noticeVisibleTo } from '../notices/notices.repository.ts';
import { needsFreshPipeline, readSettings, type TopicSettings } from './topic-settings.ts';
import { topicsMessage } from './topics.i18n.ts';
import { topicsPolicy } from './topics.policy.ts';
import { presentAlert, presentItem, presentTopic } from './topics.presenter.ts';
import { topicsRepository as repo, type TopicListFilter } from './topics.repository.ts';
import type { TopicsEngine } from './topics-engine.ts';

export interface TopicsDeps {
  db: Kysely<Database>;
  now: () => Date;
  engine: TopicsEngine;
}

export interface TopicListInput {
  q?: string;
  state?: string;
  riskLevel?: string;
  alerted?: boolean;
  regionId?: number;
  days?: number;
  sort?: 'recent' | 'size' | 'alerts';
  limit: number;
  offset: number;
}

const splitCsv = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean) ?? [];

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Topics, alerts, the analyst's assessment and the response record. */
export function createTopicsService({ db, now, engine }: TopicsDeps) {
  const unitRole = (actor: Actor) => isUnitRole(actor.role);

  function assertReader(actor: Actor) {
    if (!topicsPolicy.canRead(actor)) throw AppError.forbidden();
  }

  /** Not visible = 404; visible but not the actor's to change = 403. */
  async function loadTopic(actor: Actor, id: number) {
    const topic = await repo.findVisible(db, actor, unitRole(actor), id);
    if (!topic) throw AppError.notFound();
    // A merged topic lives on in its survivor.
    if (topic.merged_into !== null) {
      const survivor = await repo.findVisible(db, actor, unitRole(actor), topic.merged_into);
      if (survivor) return survivor;
    }
    return topic;
  }

  async function loadForWork(actor: Actor, id: number) {
    const topic = await loadTopic(actor, id);
    if (!topicsPolicy.canWork(actor)) throw AppError.forbidden();
    return topic;
  }

  function regionInJurisdiction(actor: Actor, regionId: number) {
    return repo.regionInJurisdiction(db, actor, regionId);
  }

  async function settingsRow() {
    return repo.pipelineRow(db, now().toISOString());
  }

  async function withRegions(actor: Actor, topics: Awaited<ReturnType<typeof repo.findVisible>>[]) {
    const list = topics.filter((t) => t !== undefined);
    const regions = await repo.regionsOf(
      db,
      list.map((t) => t.id),
      actor,
    );
    return list.map((t) =>
      presentTopic(
        actor,
        t,
        regions
          .filter((r) => r.topicId === t.id)
          .slice(0, 10)
          .map((r) => ({ regionId: r.regionId, name: r.name, count: r.count })),
      ),
    );
  }

  async function filterOf(actor: Actor, input: TopicListInput): Promise<TopicListFilter> {
    let regionPath: string | undefined;
    if (input.regionId !== undefined) {
      const region = await regionInJurisdiction(actor, input.regionId);
      // A region outside the jurisdiction filters to nothing rather than revealing whether it exists.
      regionPath = region?.path ?? '/none/';
    }
    return {
      ...(input.q ? { q: input.q } : {}),
      state: splitCsv(input.state),
      riskLevel: splitCsv(input.riskLevel),
      ...(input.alerted ? { alerted: true } : {}),
      ...(regionPath ? { regionPath } : {}),
      ...(input.days ? { since: new Date(now().getTime() - input.days * 86_400_000).toISOString() } : {}),
    };
  }

  return {
    async list(actor: Actor, input: TopicListInput) {
      assertReader(actor);
      const filter = await filterOf(actor, input);
      const { items, total } = await repo.listVisibleTo(db, actor, false, {
        ...filter,
        limit: input.limit,
        offset: input.offset,
        ...(input.sort ? { sort: input.sort } : {}),
      });
      return { items: await withRegions(actor, items), total };
    },

    /** The board: rising topics, their volume curves, top terms, regions, sources, response times. */
    async board(actor: Actor, days = 7) {
      assertReader(actor);
      const settings = readSettings((await settingsRow()).settings);
      const since = new Date(now().getTime() - days * 86_400_000).toISOString();
      const { items: recent } = await repo.listVisibleTo(db, actor, false, {
        since,
        limit: 200,
        offset: 0,
        sort: 'size',
      });
      const open = recent.filter((t) => t.state !== 'cold');
      const stateOrder = { rising: 0, cooling: 1, active: 2, cold: 3 } as Record<string, number>;
      const rising = [...open]
        .filter((t) => t.alert_count > 0 || t.state === 'rising')
        .sort(
          (a, b) => (stateOrder[a.state] ?? 9) - (stateOrder[b.state] ?? 9) || b.item_count - a.item_count,
        )
        .slice(0, 10);
      const top = rising.length > 0 ? rising : open.slice(0, 5);
      const volumes = await repo.volumesOf(
        db,
        top.slice(0, 8).map((t) => t.id),
        since,
      );
      const regionRows = await db
        .selectFrom('topic_regions')
        .innerJoin('topics', 'topics.id', 'topic_regions.topic_id')
        .select([
          'topic_regions.region_id as regionId',
          (eb) => eb.fn.sum<number>('topic_regions.item_count').as('n'),
        ])
        .where('topics.last_seen_at', '>=', since)
        .where('topics.merged_into', 'is', null)
        .where(inRegionSubtree('topic_regions.region_path', actor.regionPath))
        .groupBy('topic_regions.region_id')
        .execute();
      const counts = new Map(regionRows.map((r) => [r.regionId, Number(r.n)]));
      const tree = await db
        .selectFrom('regions')
        .select(['id', 'parent_id', 'name', 'path'])
        .where(inRegionSubtree('path', actor.regionPath))
        .orderBy('path')
        .limit(2000)
        .execute();
      // Counts roll up: a county shows its own items and its towns'.
      const rolled = new Map<number, number>();
      for (const r of tree) {
        const own = counts.get(r.id) ?? 0;
        if (own === 0) continue;
        for (const ancestor of tree)
          if (r.path.startsWith(ancestor.path)) rolled.set(ancestor.id, (rolled.get(ancestor.id) ?? 0) + own);
      }
      const sources = await db
        .selectFrom('topic_items')
        .select(['source_kind', 'source_label', (eb) => eb.fn.countAll<number>().as('n')])
        .where('occurred_at', '>=', since)
        .where('topic_id', 'is not', null)
        .where(inRegionSubtree('topic_items.region_path', actor.regionPath))
        .groupBy(['source_kind', 'source_label'])
        .orderBy('n', 'desc')
        .limit(10)
        .execute();
      const openAlerts = await repo.alertsVisibleTo(db, actor, { unacknowledged: true, limit: 1, offset: 0 });
      const alerted = recent.filter((t) => t.first_alert_at !== null);
      const responded = alerted.filter((t) => t.first_response_at !== null);
      const presented = await withRegions(actor, rising);
      return {
        bucketSeconds: settings.bucketSeconds,
        counts: {
          rising: open.filter((t) => t.state === 'rising').length,
          active: open.filter((t) => t.state === 'active').length,
          cooling: open.filter((t) => t.state === 'cooling').length,
          openAlerts: openAlerts.total,
        },
        rising: presented,
        series: top.slice(0, 8).map((t) => ({
          topicId: t.id,
          title: t.title,
          points: volumes
            .filter((v) => v.topic_id === t.id)
            .map((v) => ({ at: v.bucket_at, count: v.item_count, urgent: v.urgent_count })),
        })),
        terms: repo.topTerms(open.slice(0, 100), 30),
        regions: tree.map((r) => ({
          regionId: r.id,
          parentId: r.parent_id,
          name: r.name,
          count: rolled.get(r.id) ?? 0,
        })),
        sources: sources.map((s) => ({ kind: s.source_kind, label: s.source_label, count: Number(s.n) })),
        medianResponseMinutes: median(
          responded.map((t) =>
            Math.max(
              0,
              (Date.parse(t.first_response_at ?? '') - Date.parse(t.first_alert_at ?? '')) / 60_000,
            ),
          ),
        ),
        respondedTopics: responded.length,
        alertedTopics: alerted.length,
        abilities: {
          configure: topicsPolicy.canConfigure(actor),
          work: topicsPolicy.canWork(actor),
          acknowledge: topicsPolicy.canAcknowledge(actor),
        },
      };
    },

    async detail(actor: Actor, id: number) {
      const topic = await loadTopic(actor, id);
      const settings = readSettings((await settingsRow()).settings);
      const [presented] = await withRegions(actor, [topic]);
      if (!presented) throw AppError.notFound();
      const [volumes, sources, alerts, assessments, links, responses] = await Promise.all([
        repo.volumesOf(db, [topic.id], ''),
        repo.sourcesOf(db, topic.id, actor),
        repo.alertsVisibleTo(db, actor, { topicId: topic.id, limit: 50, offset: 0 }),
        repo.assessmentsOf(db, topic.id),
        repo.linksOf(db, topic.id),
        repo.responsesOf(db, topic.id),
      ]);
      const noticeIds = links.filter((l) => l.kind === 'notice').map((l) => l.target_id);
      const caseIds = links.filter((l) => l.kind === 'intake_case').map((l) => l.target_id);
      const notices = noticeIds.length
        ? await db
            .selectFrom('notices')
            .select(['notices.id', 'notices.title', 'notices.state'])
            .where('notices.id', 'in', noticeIds)
            .where(noticeVisibleTo(actor))
            .execute()
        : [];
      const cases = caseIds.length
        ? await db
            .selectFrom('intake_cases')
            .select(['intake_cases.id', 'intake_cases.title', 'intake_cases.state'])
            .where('intake_cases.id', 'in', caseIds)
            .where(caseVisibleTo(actor))
            .execute()
        : [];
      return {
        ...presented,
        bucketSeconds: settings.bucketSeconds,
        volumes: volumes.map((v) => ({ at: v.bucket_at, count: v.item_count, urgent: v.urgent_count })),
        sources: sources.map((s) => ({ kind: s.source_kind, label: s.source_label, count: Number(s.n) })),
        alerts: alerts.items.map((a) => presentAlert(actor, a)),
        assessments: assessments.map((a) => ({
          id: a.id,
          riskLevel: a.risk_level as 'I' | 'II' | 'III' | 'IV',
          summary: a.summary,
          affectedRegionIds: JSON.parse(a.affected_region_ids) as number[],
          affectedUnitIds: JSON.parse(a.affected_unit_ids) as number[],
          recommendedAction: a.recommended_action,
          assessedByName: a.assessed_by_name,
          createdAt: a.created_at,
        })),
        links: links.map((l) => {
          const target =
            l.kind === 'notice'
              ? notices.find((n) => n.id === l.target_id)
              : cases.find((c) => c.id === l.target_id);
          return {
            id: l.id,
            kind: l.kind as 'notice' | 'intake_case',
            targetId: l.target_id,
            title: target?.title ?? null,
            state: target?.state ?? null,
            createdByName: l.created_by_name,
            createdAt: l.created_at,
          };
        }),
        responses: responses.map((r) => ({
          id: r.id,
          kind: r.kind as 'statement' | 'clarification' | 'briefing' | 'interview' | 'other',
          channel: r.channel,
          respondedAt: r.responded_at,
          summary: r.summary,
          url: r.url,
          createdByName: r.created_by_name,
          createdAt: r.created_at,
        })),
      };
    },

    async items(actor: Actor, id: number, limit: number, offset: number) {
      const topic = await loadTopic(actor, id);
      const { items, total } = await repo.itemsOf(db, topic.id, actor, limit, offset);
      return { items: items.map(presentItem), total };
    },

    async alerts(actor: Actor, f: { unacknowledged?: boolean; limit: number; offset: number }) {
      assertReader(actor);
      const { items, total } = await repo.alertsVisibleTo(db, actor, f);
      return { items: items.map((a) => presentAlert(actor, a)), total };
    },

    async acknowledge(actor: Actor, alertId: number) {
      // Unit roles see no alerts: 404 like any alert outside the jurisdiction.
      const alert = unitRole(actor) ? undefined : await repo.findAlert(db, actor, alertId);
      if (!alert) throw AppError.notFound();
      if (!topicsPolicy.canAcknowledge(actor)) throw AppError.forbidden();
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await repo.acknowledgeAlert(trx, alert.id, actor, at);
        await appendAudit(trx, actor, {
          action: 'topic.alert_acknowledge',
          resourceType: 'topic_alert',
          resourceId: alert.id,
          regionPath: alert.region_path,
          after: { topicId: alert.topic_id },
        });
      });
      const updated = await repo.findAlert(db, actor, alertId);
      if (!updated) throw AppError.notFound();
      return presentAlert(actor, updated);
    },

    async assess(
      actor: Actor,
      id: number,
      input: {
        riskLevel: 'I' | 'II' | 'III' | 'IV';
        summary: string;
        affectedRegionIds: number[];
        affectedUnitIds: number[];
        recommendedAction: string;
      },
    ) {
      const topic = await loadForWork(actor, id);
      for (const regionId of input.affectedRegionIds) {
        if (!(await regionInJurisdiction(actor, regionId))) {
          throw AppError.invalid([
            {
              field: 'affectedRegionIds',
              message: topicsMessage(actor.locale, 'region_not_yours', { id: regionId }),
            },
          ]);
        }
      }
      if (input.affectedUnitIds.length > 0) {
        const units = await db
          .selectFrom('units')
          .innerJoin('regions', 'regions.id', 'units.region_id')
          .select('units.id')
          .where('units.id', 'in', input.affectedUnitIds)
          .where(inRegionSubtree('regions.path', actor.regionPath))
          .execute();
        const missing = input.affectedUnitIds.filter((u) => !units.some((x) => x.id === u));
        if (missing.length > 0) {
          throw AppError.invalid([
            {
              field: 'affectedUnitIds',
              message: topicsMessage(actor.locale, 'unit_not_yours', { id: missing[0] ?? '' }),
            },
          ]);
        }
      }
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('topic_assessments')
          .values({
            topic_id: topic.id,
            risk_level: input.riskLevel,
            summary: input.summary,
            affected_region_ids: JSON.stringify(input.affectedRegionIds),
            affected_unit_ids: JSON.stringify(input.affectedUnitIds),
            recommended_action: input.recommendedAction,
            assessed_by: actor.userId,
            assessed_by_name: actor.displayName,
            created_at: at,
          })
          .execute();
        await trx
          .updateTable('topics')
          .set({ risk_level: input.riskLevel, updated_at: at })
          .where('id', '=', topic.id)
          .execute();
        await appendAudit(trx, actor, {
          action: 'topic.assess',
          resourceType: 'topic',
          resourceId: topic.id,
          regionPath: topic.region_path,
          before: { riskLevel: topic.risk_level },
          after: {
            riskLevel: input.riskLevel,
            affectedRegionIds: input.affectedRegionIds,
            affectedUnitIds: input.affectedUnitIds,
          },
        });
      });
      return this.detail(actor, topic.id);
    },

    async link(actor: Actor, id: number, input: { kind: 'notice' | 'intake_case'; targetId: number }) {
      const topic = await loadForWork(actor, id);
      const target =
        input.kind === 'notice'
          ? await db
              .selectFrom('notices')
              .select('notices.id')
              .where('notices.id', '=', input.targetId)
              .where(noticeVisibleTo(actor))
              .executeTakeFirst()
          : await db
              .selectFrom('intake_cases')
              .select('intake_cases.id')
              .where('intake_cases.id', '=', input.targetId)
              .where(caseVisibleTo(actor))
              .executeTakeFirst();
      if (!target) {
        throw AppError.invalid([
          {
            field: 'targetId',
            message: `${input.kind} ${input.targetId} was not found in your jurisdiction`,
          },
        ]);
      }
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        const r = await trx
          .insertInto('topic_links')
          .values({
            topic_id: topic.id,
            kind: input.kind,
            target_id: input.targetId,
            created_by: actor.userId,
            created_by_name: actor.displayName,
            created_at: at,
          })
          .onConflict((oc) => oc.columns(['topic_id', 'kind', 'target_id']).doNothing())
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return;
        await appendAudit(trx, actor, {
          action: 'topic.link',
          resourceType: 'topic',
          resourceId: topic.id,
          regionPath: topic.region_path,
          after: input,
        });
      });
      return this.detail(actor, topic.id);
    },

    async unlink(actor: Actor, id: number, linkId: number) {
      const topic = await loadForWork(actor, id);
      const link = await db
        .selectFrom('topic_links')
        .selectAll()
        .where('id', '=', linkId)
        .where('topic_id', '=', topic.id)
        .executeTakeFirst();
      if (!link) throw AppError.notFound();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('topic_links').where('id', '=', link.id).execute();
        await appendAudit(trx, actor, {
          action: 'topic.unlink',
          resourceType: 'topic',
          resourceId: topic.id,
          regionPath: topic.region_path,
          before: { kind: link.kind, targetId: link.target_id },
        });
      });
      return this.detail(actor, topic.id);
    },

    async respond(
      actor: Actor,
      id: number,
      input: { kind: string; channel: string; respondedAt: string; summary: string; url?: string | null },
    ) {
      const topic = await loadForWork(actor, id);
      const ms = Date.parse(input.respondedAt);
      if (!Number.isFinite(ms))
        throw AppError.invalid([{ field: 'respondedAt', message: 'must be an ISO 8601 date-time' }]);
      if (ms > now().getTime() + 5 * 60_000)
        throw AppError.invalid([
          { field: 'respondedAt', message: topicsMessage(actor.locale, 'responded_future') },
        ]);
      if (input.url && !/^https?:\/\/\S+$/iu.test(input.url)) {
        throw AppError.invalid([{ field: 'url', message: 'must be an http(s) address' }]);
      }
      const respondedAt = new Date(ms).toISOString();
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('topic_responses')
          .values({
            topic_id: topic.id,
            kind: input.kind,
            channel: input.channel,
            responded_at: respondedAt,
            summary: input.summary,
            url: input.url ?? null,
            created_by: actor.userId,
            created_by_name: actor.displayName,
            created_at: at,
          })
          .execute();
        const first =
          topic.first_response_at && topic.first_response_at < respondedAt
            ? topic.first_response_at
            : respondedAt;
        await trx
          .updateTable('topics')
          .set({ first_response_at: first, updated_at: at })
          .where('id', '=', topic.id)
          .execute();
        await appendAudit(trx, actor, {
          action: 'topic.respond',
          resourceType: 'topic',
          resourceId: topic.id,
          regionPath: topic.region_path,
          after: { kind: input.kind, channel: input.channel, respondedAt },
        });
      });
      return this.detail(actor, topic.id);
    },

    async settings(actor: Actor) {
      assertReader(actor);
      const row = await settingsRow();
      return {
        ...readSettings(row.settings),
        itemsProcessed: row.items_processed,
        pending: await repo.pendingCount(db),
        updatedAt: row.updated_at,
        abilities: { edit: topicsPolicy.canConfigure(actor) },
      };
    },

    async updateSettings(actor: Actor, input: TopicSettings) {
      if (!topicsPolicy.canRead(actor)) throw AppError.forbidden();
      if (!topicsPolicy.canConfigure(actor)) throw AppError.forbidden();
      // One pipeline serves the installation: only the root office configures it.
      const root = await db
        .selectFrom('regions')
        .select('path')
        .where('parent_id', 'is', null)
        .orderBy('id')
        .executeTakeFirst();
      if (root && actor.regionPath !== root.path && actor.regionPath !== '/') throw AppError.forbidden();
      const before = readSettings((await settingsRow()).settings);
      const after = readSettings(JSON.stringify(input));
      const reset = needsFreshPipeline(before, after);
      await db.transaction().execute(async (trx) => {
        await repo.saveSettings(trx, after, reset, now().toISOString());
        await appendAudit(trx, actor, {
          action: 'topic.settings',
          resourceType: 'topic_settings',
          resourceId: 1,
          regionPath: actor.regionPath,
          before,
          after: { ...after, pipelineReset: reset },
        });
      });
      engine.invalidate();
      return this.settings(actor);
    },
  };
}

export type TopicsService = ReturnType<typeof createTopicsService>;
