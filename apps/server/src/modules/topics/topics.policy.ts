import { isUnitRole, type Role } from '@shouwang/common';
import type { Actor } from '../../platform/http/actor.ts';

/** Assess, link, record responses, manage feeds, import, risk assessments. */
const ANALYSTS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
/** Acknowledge an alert: whoever is on watch. */
const WATCH: readonly Role[] = ['system_admin', 'office_admin', 'analyst', 'duty_officer'];
/** Change the pipeline's settings. */
const ADMINS: readonly Role[] = ['system_admin', 'office_admin'];

/**
 * Topic work is the office's: office roles read the topics, alerts, feeds and assessments of their
 * jurisdiction (SQL: topicVisibleTo); analysts and admins act on them; duty officers acknowledge
 * alerts. Unit roles see none of it. Detection is content-agnostic and nothing here profiles authors.
 */
export const topicsPolicy = {
  canRead(actor: Actor): boolean {
    return !isUnitRole(actor.role);
  },
  canWork(actor: Actor): boolean {
    return ANALYSTS.includes(actor.role);
  },
  canAcknowledge(actor: Actor): boolean {
    return WATCH.includes(actor.role);
  },
  canConfigure(actor: Actor): boolean {
    return ADMINS.includes(actor.role);
  },
  /** A record of a region (feed, risk assessment) is the actor's when it lies in their subtree. */
  inJurisdiction(actor: Actor, regionPath: string): boolean {
    return regionPath.startsWith(actor.regionPath);
  },
};

export function topicAbilities(actor: Actor) {
  const work = topicsPolicy.canWork(actor);
  return { assess: work, link: work, respond: work };
}
