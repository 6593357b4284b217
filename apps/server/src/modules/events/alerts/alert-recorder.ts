import { createHash } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { AlertSampleTable, AlertTable } from '../../../platform/db/schema-alerts.ts';
import type { AlertRecorder, Detection } from '../event-schema.ts';
import { eventsSettingsStore } from '../rules/events-settings.ts';
import { alertSeverity, meetsFindingLevel } from './alert-severity.ts';
import { alertsRepository as repo } from './alerts.repository.ts';
import { type SuppressionCondition, suppresses } from './suppression-match.ts';

/** Events kept per alert for context (the first ones: they show how it started). */
export const ALERT_SAMPLE_SIZE = 10;
const MAX_KEY = 600;

/** What detections of one rule on one asset are grouped by: the correlation's group, else the attacker. */
export function groupKeyOf(d: Detection): string {
  if (d.kind === 'sigma_correlation') {
    const keys = Object.keys(d.matchedFields).sort();
    if (keys.length > 0) return keys.map((k) => `${k}=${d.matchedFields[k]}`).join(',');
  }
  const e = d.event;
  if (e.source?.ip) return `source.ip=${e.source.ip}`;
  if (e.host?.name) return `host.name=${e.host.name}`;
  if (e.user?.name) return `user.name=${e.user.name}`;
  return '';
}

function alertKeyOf(d: Detection, group: string): string {
  const o = d.event.shouwang;
  const where = o.assetId !== null ? `a${o.assetId}` : o.unitId !== null ? `u${o.unitId}` : `s${o.sourceId}`;
  const key = `${d.kind}|${d.ruleKey}|${where}|${group}`;
  return key.length <= MAX_KEY
    ? key
    : `${key.slice(0, MAX_KEY - 41)}#${createHash('sha1').update(key).digest('hex')}`;
}

function eventJson(d: Detection): string {
  const text = JSON.stringify(d.event);
  // A sample is context, not the record: huge events are cut (the raw event store keeps them whole).
  return text.length <= 64_000 ? text : JSON.stringify({ ...d.event, original: { truncated: true } });
}

/** Counts of what one `record` call did, for the pipeline's accounting and for tests. */
export interface RecordOutcome {
  opened: number;
  joined: number;
  suppressed: number;
}

/**
 * Records detections as alerts inside the caller's transaction (the ingest pipeline's, which also
 * advances its journal checkpoint): suppressed ones are only counted on their suppression; the rest open
 * an alert or join the open one with the same rule + asset + key whose window has not ended. Alerts
 * at or above the office's finding level are flagged for `reportPendingFindings`, which runs after commit.
 */
export function createAlertRecorder(): AlertRecorder & {
  recordWithOutcome(
    trx: Transaction<Database>,
    detections: readonly Detection[],
    now: Date,
  ): Promise<RecordOutcome>;
} {
  async function recordWithOutcome(
    trx: Transaction<Database>,
    detections: readonly Detection[],
    now: Date,
  ): Promise<RecordOutcome> {
    const outcome: RecordOutcome = { opened: 0, joined: 0, suppressed: 0 };
    if (detections.length === 0) return outcome;
    const at = now.toISOString();
    const settings = await eventsSettingsStore.get(trx);
    const windowMs = settings.alertWindowMinutes * 60_000;
    const suppressions = (await repo.activeSuppressions(trx, at)).map((s) => ({
      s,
      conditions: JSON.parse(s.conditions) as SuppressionCondition[],
    }));
    const units = await repo.unitsOf(trx, [
      ...new Set(detections.map((d) => d.event.shouwang.unitId).filter((u): u is number => u !== null)),
    ]);
    const assets = await repo.assetsOf(trx, [
      ...new Set(detections.map((d) => d.event.shouwang.assetId).filter((a): a is number => a !== null)),
    ]);
    const root = detections.some((d) => d.event.shouwang.unitId === null) ? await repo.rootPath(trx) : '/';
    const hits = new Map<number, number>();
    const batch = new Map<
      string,
      {
        first: Detection;
        last: Detection;
        n: number;
        samples: Detection[];
        group: string;
        regionPath: string;
        unitCii: boolean;
      }
    >();

    for (const d of detections) {
      const o = d.event.shouwang;
      const unit = o.unitId !== null ? units.get(o.unitId) : undefined;
      const regionPath = unit?.path ?? root;
      const hit = suppressions.find((x) => suppresses(x.s, x.conditions, d, regionPath, now));
      if (hit) {
        hits.set(hit.s.id, (hits.get(hit.s.id) ?? 0) + 1);
        outcome.suppressed++;
        continue;
      }
      const group = groupKeyOf(d);
      const key = alertKeyOf(d, group);
      // A burst (a scanner's thousand probes in one batch) costs one lookup and one write per key.
      let g = batch.get(key);
      if (!g) {
        g = { first: d, last: d, n: 0, samples: [], group, regionPath, unitCii: unit?.is_cii === 1 };
        batch.set(key, g);
      }
      g.n++;
      g.last = d;
      if (g.samples.length < ALERT_SAMPLE_SIZE) g.samples.push(d);
    }

    // Set-based: one lookup of the open alerts of every key, alerts and samples inserted many rows at a time.
    const open = await repo.openAlertsForKeys(trx, [...batch.keys()], at);
    const samples: Insertable<AlertSampleTable>[] = [];
    const sampleRows = (alertId: number, xs: readonly Detection[]) => {
      for (const x of xs)
        samples.push({
          alert_id: alertId,
          at: x.event['@timestamp'],
          event: eventJson(x),
          matched_fields: JSON.stringify(x.matchedFields),
        });
    };
    const fresh: Insertable<AlertTable>[] = [];
    const joins: { id: number; n: number; matchedFields: string }[] = [];
    for (const [key, g] of batch) {
      const d = g.first;
      const o = d.event.shouwang;
      const matched = JSON.stringify(g.last.matchedFields);
      const existing = open.get(key);
      if (existing) {
        joins.push({ id: existing.id, n: g.n, matchedFields: matched });
        sampleRows(existing.id, g.samples.slice(0, Math.max(0, ALERT_SAMPLE_SIZE - existing.count)));
        outcome.joined += g.n;
        continue;
      }
      const asset = o.assetId !== null ? assets.get(o.assetId) : undefined;
      const isCii = asset ? asset.is_cii === 1 || g.unitCii : g.unitCii;
      const severity = alertSeverity(d.level, { isCii, mlpsLevel: asset?.mlps_level ?? null }) ?? 'IV';
      const report =
        o.unitId !== null &&
        alertSeverity(d.level, { isCii, mlpsLevel: null }) !== null &&
        meetsFindingLevel(d.level, settings.findingMinLevel);
      fresh.push({
        alert_key: key,
        rule_key: d.ruleKey.slice(0, 300),
        kind: d.kind,
        title: d.title.slice(0, 300),
        level: d.level.toLowerCase().slice(0, 16),
        severity,
        is_cii: isCii ? 1 : 0,
        group_key: g.group.slice(0, 400),
        source_id: o.sourceId,
        unit_id: o.unitId,
        asset_id: o.assetId,
        region_path: g.regionPath,
        state: 'new',
        count: g.n,
        first_seen_at: at,
        last_seen_at: at,
        window_ends_at: new Date(now.getTime() + windowMs).toISOString(),
        matched_fields: matched,
        finding_pending: report ? 1 : 0,
        finding_id: null,
        created_at: at,
        updated_at: at,
        version: 1,
      });
      outcome.opened++;
      outcome.joined += g.n - 1;
    }
    await repo.joinMany(trx, joins, at);
    const ids = await repo.insertAlerts(trx, fresh);
    for (const [key, id] of ids) {
      const g = batch.get(key);
      if (g) sampleRows(id, g.samples);
    }
    await repo.insertSamples(trx, samples);
    for (const [id, n] of hits) await repo.countSuppressed(trx, id, n, at);
    return outcome;
  }
  return {
    recordWithOutcome,
    async record(trx, detections, now) {
      await recordWithOutcome(trx, detections, now);
    },
  };
}
