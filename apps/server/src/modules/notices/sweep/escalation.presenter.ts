import type { Actor } from '../../../platform/http/actor.ts';
import { escalationAbilities } from './escalation.policy.ts';
import type { EscalationView } from './escalation.service.ts';

/** The API shape of an office region's escalation settings, with what the caller may do with them. */
export function presentEscalation(actor: Actor, view: EscalationView) {
  return {
    regionId: view.regionId,
    inheritedFromRegionId: view.inheritedFromRegionId,
    remindBefore: view.remindBefore,
    superviseLeaderAfter: view.superviseLeaderAfter,
    superviseOfficeAfter: view.superviseOfficeAfter,
    workingHours: view.workingHours,
    abilities: escalationAbilities(actor),
  };
}
