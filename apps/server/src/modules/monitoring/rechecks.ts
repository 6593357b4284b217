import type { FindingRow } from '../../platform/db/schema-notices.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import { baselineRefOf } from './baselines.ts';
import { FINDING_TYPES, type FindingType } from './check-types.ts';
import { checkOfType } from './monitor-config.ts';
import { checkPage } from './monitor-runner.ts';
import { monitorStateRepository as state } from './monitor-state.repository.ts';
import { monitoringRepository as repo } from './monitoring.repository.ts';
import type { MonitorRunDeps } from './run-monitor.ts';

interface RecheckParams {
  monitorId: number;
  pageUrl: string;
  type: FindingType;
  isHomepage: boolean;
}

function paramsOf(f: FindingRow): RecheckParams | null {
  try {
    const parsed: unknown = JSON.parse(f.recheck ?? 'null');
    if (!parsed || typeof parsed !== 'object' || !('params' in parsed)) return null;
    const p = parsed.params;
    if (!p || typeof p !== 'object') return null;
    const { monitorId, pageUrl, type, isHomepage } = p as Record<string, unknown>;
    const known = FINDING_TYPES.find((t) => t === type);
    if (typeof monitorId !== 'number' || typeof pageUrl !== 'string' || !known) return null;
    return { monitorId, pageUrl, type: known, isHomepage: isHomepage === true };
  } catch {
    return null;
  }
}

/**
 * Re-runs the check behind a monitoring finding when its notice is closed: the one page, the one check
 * (defacement against the stored baseline). A site still down, still tampered or still carrying hidden
 * links keeps the notice open (409 recheck_failed).
 */
export async function recheckFinding(deps: MonitorRunDeps, finding: FindingRow) {
  const p = paramsOf(finding);
  if (!p) throw new Error('the finding does not say what to check');
  const m = await repo.find(deps.db, p.monitorId);
  if (!m) throw new Error(`monitor ${p.monitorId} no longer exists`);
  const baseline =
    p.type === 'defacement'
      ? baselineRefOf((await state.baseline(deps.db, m.id, p.pageUrl))?.snapshot ?? null)
      : undefined;
  const outcome = await checkPage(
    { url: p.pageUrl, isHomepage: p.isHomepage, watched: true, ...(baseline ? { baseline } : {}) },
    {
      pages: [],
      checks: [checkOfType(p.type)],
      crawlDepth: 0,
      probeTls: p.type === 'tls_weak_protocol',
      fetchOptions: deps.fetchOptions,
      now: deps.now,
      ...(deps.slowThresholdMs === undefined ? {} : { slowThresholdMs: deps.slowThresholdMs }),
    },
  );
  const still = outcome.findings.find((f) => f.type === p.type);
  if (still) return { present: true, detail: `${p.pageUrl}: ${still.title}` };
  if (!outcome.ranTypes.includes(p.type)) {
    return {
      present: true,
      detail: `${p.pageUrl}: could not be checked (${outcome.errorMessage ?? 'no HTML'})`,
    };
  }
  return { present: false, detail: `${p.pageUrl}: ${p.type} no longer found` };
}

/** One re-checker per monitoring detector (monitoring.<type>). */
export function registerMonitoringRecheckers(notices: NoticesService, deps: MonitorRunDeps): void {
  for (const type of FINDING_TYPES) {
    notices.registerRechecker(`monitoring.${type}`, (finding) => recheckFinding(deps, finding));
  }
}
