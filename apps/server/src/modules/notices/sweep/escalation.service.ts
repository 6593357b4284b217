import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import { escalationPolicy } from './escalation.policy.ts';
import { checkEscalation, type EscalationSettings, escalationStore } from './escalation-settings.ts';
import { sweepRepository } from './sweep.repository.ts';

export interface EscalationView extends EscalationSettings {
  regionId: number;
  /** Whose stored settings apply: this region, an ancestor, or null for the shipped defaults. */
  inheritedFromRegionId: number | null;
}

/** Reads and changes an office region's reminder and 督办 settings (settings 'notices.escalation:<id>'). */
export function createEscalationService(db: Db, now: () => Date) {
  async function visibleRegion(actor: Actor, regionId: number | undefined) {
    if (!escalationPolicy.canRead(actor)) throw AppError.forbidden();
    const region = await sweepRepository.findRegionVisibleTo(db, actor, regionId ?? actor.regionId);
    if (!region) throw AppError.notFound();
    return region;
  }

  async function view(regionId: number, regionPath: string): Promise<EscalationView> {
    const resolved = (await escalationStore.directory(db)).resolve(regionPath);
    return { regionId, inheritedFromRegionId: resolved.fromRegionId, ...resolved.settings };
  }

  return {
    async get(actor: Actor, regionId?: number): Promise<EscalationView> {
      const region = await visibleRegion(actor, regionId);
      return view(region.id, region.path);
    },

    /** Replaces the region's own settings (its sub-regions without their own inherit them); audited. */
    async put(
      actor: Actor,
      regionId: number | undefined,
      input: EscalationSettings,
    ): Promise<EscalationView> {
      const region = await visibleRegion(actor, regionId);
      if (!escalationPolicy.canWrite(actor)) throw AppError.forbidden();
      const checked = checkEscalation(input, actor.locale);
      if (!checked.ok) throw AppError.invalid(checked.issues);
      await db.transaction().execute(async (trx) => {
        const before = await escalationStore.findOwn(trx, region.id);
        await escalationStore.save(trx, region.id, checked.value, now().toISOString());
        await appendAudit(trx, actor, {
          action: 'notices.escalation.update',
          resourceType: 'notice_escalation',
          resourceId: region.id,
          regionPath: region.path,
          before,
          after: checked.value,
        });
      });
      return view(region.id, region.path);
    },
  };
}

export type EscalationService = ReturnType<typeof createEscalationService>;
