import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { FindingReport } from '../../findings/findings.service.ts';
import { ingestMessage } from './ingest.i18n.ts';
import { ingestRepository, minuteOf } from './ingest.repository.ts';
import type { SourceDirectory } from './source-directory.ts';

export interface DropAlarmOptions {
  /** A source whose drops exceed this share of its events (percent) over the window raises a finding. */
  thresholdPercent: number;
  windowMinutes: number;
  /** Fewer drops than this never raise one (a single lost datagram is noise). */
  minDropped: number;
}

/** The finding for a source that drops too much: one per source per day (the dedup key carries the day). */
export function dropFinding(
  source: { id: number; name: string; unitId: number; assetId: number | null },
  counts: { received: number; dropped: number },
  percent: number,
  options: DropAlarmOptions,
  at: Date,
): FindingReport {
  const day = at.toISOString().slice(0, 10);
  return {
    source: 'events',
    detector: 'ingest_drops',
    dedupKey: `events:ingest-drops:${source.id}:${day}`,
    unitId: source.unitId,
    assetId: source.assetId,
    category: 'ingest_drops',
    severity: percent >= 10 ? 'III' : 'IV',
    // Findings are read by the office: the title in Chinese, as the notice it may become.
    title: ingestMessage('zh-CN', 'drops_title', { name: source.name, percent: percent.toFixed(1) }),
    description: ingestMessage('zh-CN', 'drops_description', {
      minutes: options.windowMinutes,
      received: counts.received,
      dropped: counts.dropped,
      threshold: options.thresholdPercent,
    }),
    evidence: {
      sourceId: source.id,
      windowMinutes: options.windowMinutes,
      received: counts.received,
      dropped: counts.dropped,
      thresholdPercent: options.thresholdPercent,
    },
  };
}

/**
 * Checks every source's drop rate over the last window and reports a finding for those above the
 * threshold. Returns the reports made (the findings service dedups per source per day).
 */
export async function checkDropRates(
  db: Kysely<Database>,
  directory: SourceDirectory,
  report: (r: FindingReport) => Promise<unknown>,
  options: DropAlarmOptions,
  at: Date,
): Promise<FindingReport[]> {
  const from = minuteOf(at.getTime() - options.windowMinutes * 60_000);
  const made: FindingReport[] = [];
  for (const t of await ingestRepository.dropTotalsSince(db, from)) {
    const src = directory.byId(t.sourceId);
    if (!src || t.dropped < options.minDropped) continue;
    // Dropped records never reached the journal, so they are not in `received`.
    const percent = (100 * t.dropped) / (t.received + t.dropped);
    if (percent <= options.thresholdPercent) continue;
    const r = dropFinding(src, t, percent, options, at);
    await report(r);
    made.push(r);
  }
  return made;
}
