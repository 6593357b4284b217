import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { OutageRow } from '../../platform/db/schema-monitoring.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { monitorStateRepository as state } from './monitor-state.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** What staff and the notice timeline are told when an outage ends. */
export interface OutageEnd {
  outageId: number;
  kind: 'down' | 'defaced';
  firstSeenAt: string;
  resolvedAt: string;
  durationSeconds: number;
}

export interface DownStep {
  /** Declared: confirmed by a second failing check (now or earlier). The finding is reported only then. */
  confirmed: boolean;
  /** Failed for the first time: a confirming check is due soon. */
  suspect: boolean;
  outage?: OutageRow;
  ended?: OutageEnd;
}

interface Target {
  monitorId: number;
  regionPath: string;
  pageUrl: string;
  isHomepage: boolean;
}

const seconds = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

async function end(trx: Q, actor: Actor, t: Target, o: OutageRow, at: string): Promise<OutageEnd> {
  const durationSeconds = seconds(o.first_seen_at, at);
  await state.updateOutage(trx, o.id, { resolved_at: at, duration_seconds: durationSeconds });
  const ended = {
    outageId: o.id,
    kind: o.kind === 'defaced' ? 'defaced' : 'down',
    firstSeenAt: o.first_seen_at,
    resolvedAt: at,
    durationSeconds,
  } as const;
  if (o.confirmed_at !== null) {
    await appendAudit(trx, actor, {
      action: 'monitoring.outage_end',
      resourceType: 'monitor',
      resourceId: t.monitorId,
      regionPath: t.regionPath,
      after: { ...ended, pageUrl: t.pageUrl },
    });
  }
  return ended;
}

/**
 * One availability observation of a page. A first failure opens an unconfirmed outage (first seen now);
 * the next failing check confirms and declares it; a success ends it with its duration (an unconfirmed
 * one ends as a blip that is never declared).
 */
export async function trackDown(
  trx: Q,
  actor: Actor,
  t: Target,
  open: readonly OutageRow[],
  down: boolean,
  detail: string | null,
  at: string,
): Promise<DownStep> {
  const current = open.find((o) => o.kind === 'down' && o.page_url === t.pageUrl);
  if (!down) {
    if (!current) return { confirmed: false, suspect: false };
    const ended = await end(trx, actor, t, current, at);
    return current.confirmed_at === null
      ? { confirmed: false, suspect: false }
      : { confirmed: false, suspect: false, ended };
  }
  if (!current) {
    const row = {
      monitor_id: t.monitorId,
      page_url: t.pageUrl,
      is_homepage: t.isHomepage ? 1 : 0,
      kind: 'down',
      first_seen_at: at,
      last_seen_at: at,
      confirmed_at: null,
      resolved_at: null,
      duration_seconds: null,
      detail,
    };
    const id = await state.insertOutage(trx, row);
    return { confirmed: false, suspect: true, outage: { id, ...row } };
  }
  const confirmedAt = current.confirmed_at ?? at;
  await state.updateOutage(trx, current.id, { last_seen_at: at, confirmed_at: confirmedAt, detail });
  if (current.confirmed_at === null) {
    await appendAudit(trx, actor, {
      action: 'monitoring.outage_declared',
      resourceType: 'monitor',
      resourceId: t.monitorId,
      regionPath: t.regionPath,
      after: {
        outageId: current.id,
        kind: 'down',
        pageUrl: t.pageUrl,
        firstSeenAt: current.first_seen_at,
        detail,
      },
    });
  }
  return {
    confirmed: true,
    suspect: false,
    outage: { ...current, last_seen_at: at, confirmed_at: confirmedAt },
  };
}

/**
 * Tampered content on a page: declared at once (the comparison is deterministic), ended when the page
 * matches its baseline again or staff accept the change.
 */
export async function trackDefaced(
  trx: Q,
  actor: Actor,
  t: Target,
  open: readonly OutageRow[],
  defaced: boolean,
  at: string,
): Promise<{ outage?: OutageRow; ended?: OutageEnd }> {
  const current = open.find((o) => o.kind === 'defaced' && o.page_url === t.pageUrl);
  if (!defaced) return current ? { ended: await end(trx, actor, t, current, at) } : {};
  if (current) {
    await state.updateOutage(trx, current.id, { last_seen_at: at });
    return { outage: { ...current, last_seen_at: at } };
  }
  const row = {
    monitor_id: t.monitorId,
    page_url: t.pageUrl,
    is_homepage: t.isHomepage ? 1 : 0,
    kind: 'defaced',
    first_seen_at: at,
    last_seen_at: at,
    confirmed_at: at,
    resolved_at: null,
    duration_seconds: null,
    detail: null,
  };
  const id = await state.insertOutage(trx, row);
  await appendAudit(trx, actor, {
    action: 'monitoring.outage_declared',
    resourceType: 'monitor',
    resourceId: t.monitorId,
    regionPath: t.regionPath,
    after: { outageId: id, kind: 'defaced', pageUrl: t.pageUrl, firstSeenAt: at },
  });
  return { outage: { id, ...row } };
}
