import { createHash } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { AlertSampleTable, AlertTable } from '../../../platform/db/schema-alerts.ts';
import type { AlertRecorder, Detection } from '../event-schema.ts';
import { detectionTimeOf } from '../event-time.ts';
import { eventsSettingsStore } from '../rules/events-settings.ts';
import { alertSeverity, meetsFindingLevel } from './alert-severity.ts';
import { type AlertJoin, type OpenAlert, alertsRepository as repo } from './alerts.repository.ts';
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

interface Timed {
  d: Detection;
  /** Its event time (ms), as detection windows read it. */
  t: number;
}

/** An alert of one key this batch adds to: an open one (id) or a new one. */
interface Slot {
  key: string;
  id: number | null;
  /** Detections the open alert already had. */
  existing: number;
  /** Window end (ms): the opening detection's time + the window. */
  end: number;
  /** The open alert's latest event time (ms) before this batch. */
  lastSeen: number;
  group: string;
  regionPath: string;
  unitCii: boolean;
  /** This batch's detections for it, in event-time order: count, first, last, earliest and latest time. */
  n: number;
  first: Detection | null;
  last: Detection | null;
  minT: number;
  maxT: number;
  samples: Detection[];
}

/**
 * The alert of a key that takes a detection at `t`: the one whose window [end - W, end) holds it; else,
 * for a late detection up to one window before an alert's opening one, the nearest such alert (its first
 * seen time moves back). Forward windows of a key never overlap, so the choice is unique.
 */
function slotFor(slots: readonly Slot[], t: number, windowMs: number): Slot | undefined {
  let before: Slot | undefined;
  for (const s of slots) {
    if (t >= s.end - windowMs && t < s.end) return s;
    if (t >= s.end - 2 * windowMs && t < s.end - windowMs && (before === undefined || s.end < before.end))
      before = s;
  }
  return before;
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
    const byKey = new Map<string, { group: string; regionPath: string; unitCii: boolean; items: Timed[] }>();
    let earliest = Number.POSITIVE_INFINITY;

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
      const t = detectionTimeOf(d.event, now.getTime());
      if (t < earliest) earliest = t;
      let k = byKey.get(key);
      if (!k) {
        k = { group, regionPath, unitCii: unit?.is_cii === 1, items: [] };
        byKey.set(key, k);
      }
      k.items.push({ d, t });
    }

    // Set-based: one lookup of the open alerts of every key whose window may take a detection of this batch.
    const open =
      byKey.size === 0
        ? new Map<string, OpenAlert[]>()
        : await repo.openAlertsForKeys(trx, [...byKey.keys()], new Date(earliest).toISOString());
    const slots: Slot[] = [];
    for (const [key, k] of byKey) {
      const slot = (id: number | null, existing: number, end: number, lastSeen: number): Slot => ({
        key,
        id,
        existing,
        end,
        lastSeen,
        group: k.group,
        regionPath: k.regionPath,
        unitCii: k.unitCii,
        n: 0,
        first: null,
        last: null,
        minT: 0,
        maxT: 0,
        samples: [],
      });
      const keySlots = (open.get(key) ?? []).map((a) =>
        slot(a.id, a.count, Date.parse(a.window_ends_at), Date.parse(a.last_seen_at)),
      );
      // In event-time order, so the alerts a batch makes do not depend on the order its records came in.
      k.items.sort((a, b) => a.t - b.t);
      for (const { d, t } of k.items) {
        let s = slotFor(keySlots, t, windowMs);
        if (!s) {
          s = slot(null, 0, t + windowMs, t);
          keySlots.push(s);
        }
        if (s.n === 0) {
          s.first = d;
          s.minT = t;
        }
        s.n++;
        s.last = d;
        s.maxT = t;
        if (s.samples.length < ALERT_SAMPLE_SIZE) s.samples.push(d);
      }
      for (const s of keySlots) if (s.n > 0) slots.push(s);
    }

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
    const fresh: { slot: Slot; row: Insertable<AlertTable> }[] = [];
    const joins: AlertJoin[] = [];
    for (const slot of slots) {
      const d = slot.first;
      if (!d) continue;
      const o = d.event.shouwang;
      const matched = JSON.stringify(slot.last?.matchedFields ?? {});
      const firstSeen = new Date(slot.minT).toISOString();
      const lastSeen = new Date(slot.maxT).toISOString();
      if (slot.id !== null) {
        // The alert shows its latest detection's fields: late detections do not replace them.
        const latest = slot.maxT >= slot.lastSeen ? matched : null;
        joins.push({ id: slot.id, n: slot.n, matchedFields: latest, firstSeen, lastSeen });
        sampleRows(slot.id, slot.samples.slice(0, Math.max(0, ALERT_SAMPLE_SIZE - slot.existing)));
        outcome.joined += slot.n;
        continue;
      }
      const asset = o.assetId !== null ? assets.get(o.assetId) : undefined;
      const isCii = asset ? asset.is_cii === 1 || slot.unitCii : slot.unitCii;
      const severity = alertSeverity(d.level, { isCii, mlpsLevel: asset?.mlps_level ?? null }) ?? 'IV';
      const report =
        o.unitId !== null &&
        alertSeverity(d.level, { isCii, mlpsLevel: null }) !== null &&
        meetsFindingLevel(d.level, settings.findingMinLevel);
      fresh.push({
        slot,
        row: {
          alert_key: slot.key,
          rule_key: d.ruleKey.slice(0, 300),
          kind: d.kind,
          title: d.title.slice(0, 300),
          level: d.level.toLowerCase().slice(0, 16),
          severity,
          is_cii: isCii ? 1 : 0,
          group_key: slot.group.slice(0, 400),
          source_id: o.sourceId,
          unit_id: o.unitId,
          asset_id: o.assetId,
          region_path: slot.regionPath,
          state: 'new',
          count: slot.n,
          first_seen_at: firstSeen,
          last_seen_at: lastSeen,
          window_ends_at: new Date(slot.end).toISOString(),
          matched_fields: matched,
          finding_pending: report ? 1 : 0,
          finding_id: null,
          created_at: at,
          updated_at: at,
          version: 1,
        },
      });
      outcome.opened++;
      outcome.joined += slot.n - 1;
    }
    await repo.joinMany(trx, joins, at);
    const ids = await repo.insertAlerts(
      trx,
      fresh.map((f) => f.row),
    );
    fresh.forEach((f, i) => {
      const id = ids[i];
      if (id !== undefined) sampleRows(id, f.slot.samples);
    });
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
