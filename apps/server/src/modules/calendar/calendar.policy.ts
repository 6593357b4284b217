import { isUnitRole } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

/** A jurisdiction root path has a single id, e.g. "/1/". */
const ROOT_PATH = /^\/\d+\/$/;

/**
 * The holiday schedule is national and shared by the whole deployment, so only the administrators of
 * the whole tree may change it: system admins, and office admins whose jurisdiction is the root (a county
 * office admin in a city deployment must not change the city's deadlines). Every office role may read it.
 */
export const calendarPolicy = {
  canRead(actor: Actor): boolean {
    return !isUnitRole(actor.role);
  },
  canWrite(actor: Actor): boolean {
    if (actor.role === 'system_admin') return true;
    return actor.role === 'office_admin' && ROOT_PATH.test(actor.regionPath);
  },
};

export function calendarAbilities(actor: Actor) {
  return { update: calendarPolicy.canWrite(actor) };
}
