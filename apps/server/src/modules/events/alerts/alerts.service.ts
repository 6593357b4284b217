import { createHash } from 'node:crypto';
import { SEVERITIES } from '@shouwang/common';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/database.ts';
import { storedInstant } from '../../../platform/db/stored-instant.ts';
import { type Actor, systemActor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import type { FindingsService } from '../../findings/findings.service.ts';
import { createAlertRecorder } from './alert-recorder.ts';
import { type AlertMessageKey, alertMessage } from './alerts.i18n.ts';
import { type AlertAction, alertsPolicy, nextAlertState } from './alerts.policy.ts';
import { type AlertFilter, type AlertRow, alertsRepository as repo } from './alerts.repository.ts';
import type { SuppressionCondition } from './suppression-match.ts';

/** A finding's dedup key (at most 300 characters): the alert key, hashed when it is longer. */
export function findingKeyOf(alertKey: string): string {
  const key = `alert:${alertKey}`;
  return key.length <= 300 ? key : `alert:#${createHash('sha256').update(alertKey).digest('hex')}`;
}

/** Findings from alerts are reported by the system, audited as "events". */
const EVENTS_ACTOR = systemActor('/', 'events');
const MAX_CONDITIONS = 10;

export interface SuppressionInput {
  ruleKey?: string | null;
  sourceId?: number | null;
  unitId?: number | null;
  assetId?: number | null;
  conditions: SuppressionCondition[];
  reason: string;
  expiresAt?: string | null;
}

export function createAlertsService(deps: { db: Db; findings: FindingsService; now: () => Date }) {
  const { db, findings, now } = deps;
  const recorder = createAlertRecorder();

  async function load(actor: Actor, id: number): Promise<AlertRow> {
    const a = await repo.find(db, id);
    if (!a || !alertsPolicy.canRead(actor, a)) throw AppError.notFound();
    return a;
  }

  /** Reports one alert as a finding (dedup key per alert key, so later windows join the same finding). */
  async function reportFinding(a: AlertRow): Promise<number | null> {
    if (a.unit_id === null) {
      await repo.setFinding(db, a.id, null);
      return null;
    }
    const severity = SEVERITIES.find((x) => x === a.severity);
    if (!severity) throw new Error(`alert ${a.id} has an unknown severity ${JSON.stringify(a.severity)}`);
    const outcome = await findings.report(EVENTS_ACTOR, {
      source: 'events',
      detector: a.kind === 'indicator' ? 'indicator' : 'sigma',
      dedupKey: findingKeyOf(a.alert_key),
      unitId: a.unit_id,
      assetId: a.asset_id,
      category: a.kind === 'indicator' ? 'threat_intel' : 'security_event',
      severity,
      title: (a.asset_name ? `${a.asset_name}: ${a.title}` : a.title).slice(0, 300),
      description: `${a.title} (${a.rule_key}) ${a.group_key}`.trim(),
      evidence: {
        alertId: a.id,
        ruleKey: a.rule_key,
        level: a.level,
        groupKey: a.group_key,
        count: a.count,
        firstSeenAt: a.first_seen_at,
        matchedFields: JSON.parse(a.matched_fields) as Record<string, string>,
      },
    });
    await repo.setFinding(db, a.id, outcome.findingId);
    return outcome.findingId;
  }

  function validateSuppression(actor: Actor, input: SuppressionInput) {
    const issues: { field: string; message: string }[] = [];
    const say = (field: string, key: AlertMessageKey) =>
      issues.push({ field, message: alertMessage(actor.locale, key) });
    const reason = input.reason.trim();
    if (!reason) say('reason', 'reason_required');
    const named =
      (input.ruleKey ?? null) !== null ||
      (input.sourceId ?? null) !== null ||
      (input.unitId ?? null) !== null ||
      (input.assetId ?? null) !== null ||
      input.conditions.length > 0;
    if (!named) say('conditions', 'criterion_required');
    input.conditions.forEach((c, i) => {
      if (!c.field.trim()) say(`conditions.${i}.field`, 'field_required');
    });
    if (input.expiresAt && !Number.isFinite(Date.parse(input.expiresAt))) say('expiresAt', 'time_invalid');
    if (issues.length > 0) throw AppError.invalid(issues);
    return reason;
  }

  /** The jurisdiction a suppression belongs to: its unit's region, else the creator's. */
  async function suppressionPath(actor: Actor, input: SuppressionInput): Promise<string> {
    let unitId = input.unitId ?? null;
    if (input.assetId != null) {
      const asset = await db
        .selectFrom('assets')
        .select('unit_id')
        .where('id', '=', input.assetId)
        .executeTakeFirst();
      if (!asset) throw AppError.notFound();
      if (unitId !== null && unitId !== asset.unit_id)
        throw AppError.invalid([
          { field: 'assetId', message: alertMessage(actor.locale, 'asset_not_of_unit') },
        ]);
      unitId = asset.unit_id;
    }
    if (unitId === null) return actor.regionPath;
    const units = await repo.unitsOf(db, [unitId]);
    const path = units.get(unitId)?.path;
    if (!path?.startsWith(actor.regionPath)) throw AppError.notFound();
    return path;
  }

  async function transitionOne(
    actor: Actor,
    id: number,
    action: AlertAction,
    version?: number,
    note?: string,
  ) {
    const a = await load(actor, id);
    if (!alertsPolicy.canWrite(actor, a)) throw AppError.forbidden();
    if (version !== undefined && version !== a.version) throw AppError.conflict({ version: a.version });
    const to = nextAlertState(a.state, action);
    if (to === null) throw new AppError('alert_transition_invalid', { state: a.state, action });
    const at = now().toISOString();
    await db.transaction().execute(async (trx) => {
      // A closed or false-positive alert stops aggregating: the next detection opens a new one.
      const patch = {
        state: to,
        updated_at: at,
        ...(to === 'closed' || to === 'false_positive' ? { window_ends_at: at } : {}),
      };
      if (!(await repo.updateIfVersion(trx, id, a.version, patch))) throw AppError.conflict();
      await appendAudit(trx, actor, {
        action: `alert.${action}`,
        resourceType: 'alert',
        resourceId: id,
        regionPath: a.region_path,
        before: { state: a.state },
        after: { state: to, ...(note ? { note } : {}) },
      });
    });
    if (to === 'false_positive' && a.finding_id !== null) {
      const f = await findings.get(actor, a.finding_id).catch(() => null);
      if (f && f.status === 'open' && f.notice_id === null)
        await findings.dismiss(actor, a.finding_id, note?.trim() || 'false positive');
    }
  }

  return {
    recorder,
    get: load,
    list(actor: Actor, filter: AlertFilter) {
      if (!alertsPolicy.canList(actor)) throw AppError.forbidden();
      return repo.listVisibleTo(db, actor, {
        ...filter,
        from: storedInstant(filter.from),
        to: storedInstant(filter.to),
      });
    },

    /**
     * Counts by state and level, and alerts opened per UTC hour by level (default: the last 7 days, at most
     * 92): hours, so the web app can draw days in the office's time zone.
     */
    async overview(actor: Actor, filter: Omit<AlertFilter, 'limit' | 'offset'>) {
      if (!alertsPolicy.canList(actor)) throw AppError.forbidden();
      const to = filter.to ? Date.parse(filter.to) : now().getTime();
      const from = Math.max(
        filter.from ? Date.parse(filter.from) : to - 7 * 86_400_000,
        to - 92 * 86_400_000,
      );
      const { state: _s, level: _l, ...rest } = filter;
      const [counts, series] = await Promise.all([
        repo.counts(db, actor, rest),
        repo.series(
          db,
          actor,
          { ...filter, from: new Date(from).toISOString(), to: new Date(to).toISOString() },
          13,
        ),
      ]);
      return {
        bucket: 'hour' as const,
        counts: counts.map((c) => ({
          state: c.state,
          level: c.level,
          alerts: Number(c.alerts),
          detections: Number(c.detections ?? 0),
        })),
        series: series.map((s) => ({ bucket: s.bucket, level: s.level, alerts: Number(s.n) })),
      };
    },

    async detail(actor: Actor, id: number) {
      const a = await load(actor, id);
      const [samples, related] = await Promise.all([repo.samples(db, id), repo.related(db, actor, a)]);
      let noticeId: number | null = null;
      if (a.finding_id !== null) {
        const f = await db
          .selectFrom('findings')
          .select('notice_id')
          .where('id', '=', a.finding_id)
          .executeTakeFirst();
        noticeId = f?.notice_id ?? null;
      }
      return { alert: a, samples, related, noticeId };
    },

    transition: (actor: Actor, id: number, input: { action: AlertAction; version?: number; note?: string }) =>
      transitionOne(actor, id, input.action, input.version, input.note).then(() => load(actor, id)),

    /** The same action on many alerts; each gets its own outcome (an alert the caller cannot see: not_found). */
    async bulk(actor: Actor, input: { ids: number[]; action: AlertAction; note?: string }) {
      if (!alertsPolicy.canWriteAny(actor)) throw AppError.forbidden();
      const results: { id: number; ok: boolean; code?: string }[] = [];
      for (const id of [...new Set(input.ids)]) {
        try {
          await transitionOne(actor, id, input.action, undefined, input.note);
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ id, ok: false, code: err.code });
        }
      }
      return { results };
    },

    /** The alert's finding (reported now if it was not yet) turned into a draft notice, or its open notice. */
    async raiseNotice(actor: Actor, id: number) {
      const a = await load(actor, id);
      if (!alertsPolicy.canWrite(actor, a)) throw AppError.forbidden();
      if (a.unit_id === null)
        throw AppError.invalid([
          { field: 'unitId', message: alertMessage(actor.locale, 'alert_without_unit') },
        ]);
      const findingId = a.finding_id ?? (await reportFinding(a));
      if (findingId === null) throw AppError.notFound();
      return findings.raiseNotice(actor, findingId);
    },

    /**
     * Reports alerts flagged in the ingest transaction as findings, after it committed. At least once:
     * a crash between report and flag reports again, and findings dedup by key.
     */
    async reportPendingFindings(limit = 200, onError: (err: unknown) => void = () => {}): Promise<number> {
      let n = 0;
      for (const a of await repo.pendingFindings(db, limit)) {
        // One alert that cannot be reported (stays pending, retried next run) must not hold back the rest.
        try {
          await reportFinding(a);
          n++;
        } catch (err) {
          onError(err);
        }
      }
      return n;
    },

    /** Runs reportPendingFindings every `intervalMs` (one run at a time); returns the stop function. */
    startFindingsPump(intervalMs: number, onError: (err: unknown) => void): () => void {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        this.reportPendingFindings(200, onError)
          .catch(onError)
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    // --- suppressions ---
    listSuppressions(actor: Actor, f: { ruleKey?: string; active?: boolean; limit: number; offset: number }) {
      if (!alertsPolicy.canList(actor)) throw AppError.forbidden();
      return repo.listSuppressions(db, actor, { ...f, at: now().toISOString() });
    },
    async getSuppression(actor: Actor, id: number) {
      const s = await repo.findSuppression(db, id);
      if (!s || !alertsPolicy.canRead(actor, s)) throw AppError.notFound();
      return s;
    },
    async createSuppression(actor: Actor, input: SuppressionInput) {
      if (!alertsPolicy.canList(actor)) throw AppError.notFound();
      if (!alertsPolicy.canWriteAny(actor)) throw AppError.forbidden();
      const reason = validateSuppression(actor, input);
      const regionPath = await suppressionPath(actor, input);
      const at = now().toISOString();
      const conditions = input.conditions
        .slice(0, MAX_CONDITIONS)
        .map((c) => ({ field: c.field.trim(), value: c.value }));
      const id = await db.transaction().execute(async (trx) => {
        const sid = await repo.insertSuppression(trx, {
          rule_key: input.ruleKey ?? null,
          source_id: input.sourceId ?? null,
          unit_id: input.unitId ?? null,
          asset_id: input.assetId ?? null,
          conditions: JSON.stringify(conditions),
          reason,
          expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
          region_path: regionPath,
          hits: 0,
          last_hit_at: null,
          created_by: actor.userId > 0 ? actor.userId : null,
          created_by_name: actor.displayName,
          created_at: at,
          updated_at: at,
        });
        await appendAudit(trx, actor, {
          action: 'alert_suppression.create',
          resourceType: 'alert_suppression',
          resourceId: sid,
          regionPath,
          after: { ...input, conditions, reason },
        });
        return sid;
      });
      return this.getSuppression(actor, id);
    },
    async updateSuppression(actor: Actor, id: number, input: SuppressionInput) {
      const before = await this.getSuppression(actor, id);
      if (!alertsPolicy.canWrite(actor, before)) throw AppError.forbidden();
      const reason = validateSuppression(actor, input);
      const regionPath = await suppressionPath(actor, input);
      const conditions = input.conditions
        .slice(0, MAX_CONDITIONS)
        .map((c) => ({ field: c.field.trim(), value: c.value }));
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await repo.updateSuppression(trx, id, {
          rule_key: input.ruleKey ?? null,
          source_id: input.sourceId ?? null,
          unit_id: input.unitId ?? null,
          asset_id: input.assetId ?? null,
          conditions: JSON.stringify(conditions),
          reason,
          expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
          region_path: regionPath,
          updated_at: at,
        });
        await appendAudit(trx, actor, {
          action: 'alert_suppression.update',
          resourceType: 'alert_suppression',
          resourceId: id,
          regionPath,
          before,
          after: { ...input, conditions, reason },
        });
      });
      return this.getSuppression(actor, id);
    },
    async removeSuppression(actor: Actor, id: number) {
      const before = await this.getSuppression(actor, id);
      if (!alertsPolicy.canWrite(actor, before)) throw AppError.forbidden();
      await db.transaction().execute(async (trx) => {
        await repo.deleteSuppression(trx, id);
        await appendAudit(trx, actor, {
          action: 'alert_suppression.delete',
          resourceType: 'alert_suppression',
          resourceId: id,
          regionPath: before.region_path,
          before,
        });
      });
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
