import type { FindingRow } from '../../platform/db/schema-notices.ts';

/** What a detector's re-run of its check says about one finding. */
export interface RecheckResult {
  present: boolean;
  /** What was (or was not) seen, for the 409 answer and the timeline. */
  detail: string;
}

export type Rechecker = (finding: FindingRow) => Promise<RecheckResult>;

export interface StillPresent {
  findingId: number;
  detector: string;
  detail: string;
}

/**
 * Detectors that can re-run their check register here (services.notices.registerRechecker); closing a
 * notice re-runs the check of each of its findings that asked for it (findings.recheck not null).
 */
export function createRecheckRegistry() {
  const checkers = new Map<string, Rechecker>();
  return {
    register(detector: string, fn: Rechecker): void {
      checkers.set(detector, fn);
    },
    has(detector: string): boolean {
      return checkers.has(detector);
    },
    /** The findings whose problem is still there. A check that throws counts as not verified. */
    async stillPresent(findings: readonly FindingRow[]): Promise<StillPresent[]> {
      const out: StillPresent[] = [];
      // One check per problem: a finding that came back after being resolved shares its dedup key.
      const latest = new Map(findings.map((f) => [`${f.detector}\n${f.dedup_key}`, f]));
      for (const f of latest.values()) {
        const fn = checkers.get(f.detector);
        if (!fn || f.recheck === null || f.status === 'dismissed') continue;
        try {
          const result = await fn(f);
          if (result.present) out.push({ findingId: f.id, detector: f.detector, detail: result.detail });
        } catch (err) {
          out.push({
            findingId: f.id,
            detector: f.detector,
            detail: `check failed: ${err instanceof Error ? err.message : String(err)}`,
          });
        }
      }
      return out;
    },
  };
}

export type RecheckRegistry = ReturnType<typeof createRecheckRegistry>;
