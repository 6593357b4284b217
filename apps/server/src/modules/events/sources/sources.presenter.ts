import type { Actor } from '../../../platform/http/actor.ts';
import { sourceAbilities } from './sources.policy.ts';
import type { SourceWithUnit } from './sources.repository.ts';
import type { SOURCE_KINDS, SourceTransport } from './sources.schemas.ts';

interface Counts {
  received: number;
  parsed: number;
  failed: number;
  dropped: number;
}

/** Live numbers of one source from its per-minute counters. */
export interface SourceCounters {
  lastHour: Counts;
  thisMinute: Counts;
  series: Array<{ minute: string; received: number; failed: number; dropped: number }>;
  lastEventAt: string | null;
}

export function presentSource(actor: Actor, s: SourceWithUnit, c: SourceCounters) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind as (typeof SOURCE_KINDS)[number],
    unitId: s.unitId,
    unitName: s.unitName,
    assetId: s.assetId,
    assetName: s.assetName,
    transport: s.transport as SourceTransport,
    allowedSenders: s.allowedSenders,
    timezone: s.timezone,
    filePath: s.filePath,
    tokenPrefix: s.tokenPrefix,
    enabled: s.enabled,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    ...c,
    abilities: sourceAbilities(actor, s),
  };
}
