import { isUnitRole, type Role } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];

/** Same rule as findingVisibleTo in SQL. */
export const findingsPolicy = {
  canRead(actor: Actor, f: { region_path: string }): boolean {
    return !isUnitRole(actor.role) && f.region_path.startsWith(actor.regionPath);
  },
  canWrite(actor: Actor, f: { region_path: string }): boolean {
    return WRITERS.includes(actor.role) && f.region_path.startsWith(actor.regionPath);
  },
  canList(actor: Actor): boolean {
    return !isUnitRole(actor.role);
  },
};

export function findingAbilities(actor: Actor, f: { region_path: string; status: string }) {
  const write = findingsPolicy.canWrite(actor, f) && f.status === 'open';
  return { raiseNotice: write, dismiss: write };
}
