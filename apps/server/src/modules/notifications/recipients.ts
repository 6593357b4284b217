import type { NotificationTopic, Role } from '@shouwang/common';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import {
  type FindingForMessage,
  type NoticeForMessage,
  type RecipientUser,
  dispatchRepository as repo,
} from './dispatch.repository.ts';

type Q = Kysely<Database> | Transaction<Database>;

const UNIT_ALL: readonly Role[] = ['unit_handler', 'unit_leader'];
const UNIT_LEADERS: readonly Role[] = ['unit_leader'];
const OFFICE_DESK: readonly Role[] = ['analyst', 'office_admin'];
const OFFICE_WATCH: readonly Role[] = ['analyst', 'duty_officer'];
const OFFICE_ADMINS: readonly Role[] = ['office_admin'];

/**
 * Who hears a topic (active, not disabled users only):
 * - the unit hears what it must act on: issued, returned, closed, reminder, overdue, withdrawn, reopened,
 *   deadline_changed -> the notice unit's handlers and leaders;
 * - report_pending_approval -> the unit's leaders;
 * - the office hears the unit's answers: signed, reported -> the notice's creator, and analysts and office
 *   admins whose jurisdiction covers the notice's region;
 * - supervised (督办 ladder, payload.level): 1 -> the unit's handlers and leaders, 2 -> the unit's leaders,
 *   3 -> the office admins of the issuing office's region;
 * - finding.raised / finding.resolved -> analysts and duty officers whose jurisdiction covers the finding.
 */
export async function resolveRecipients(
  db: Q,
  topic: NotificationTopic,
  notice: NoticeForMessage | null,
  finding: FindingForMessage | null,
  payload: Record<string, unknown>,
): Promise<RecipientUser[]> {
  // Hot-topic alerts (issue 7) go to the same watch as findings: analysts and duty officers covering the region.
  if (topic.startsWith('finding.') || topic.startsWith('topic.')) {
    const path = finding?.regionPath ?? (typeof payload.regionPath === 'string' ? payload.regionPath : null);
    return path ? repo.officeUsersCovering(db, path, OFFICE_WATCH) : [];
  }
  if (topic.startsWith('intake.')) {
    // Citizen cases (issue 6) carry their unit in the payload: its handlers and leaders hear it; 督办 climbs
    // the notices' ladder (2: the unit's leaders, 3: the office admins covering the case's region).
    const level = topic === 'intake.supervised' ? Number(payload.level ?? 1) : 1;
    if (level >= 3 && typeof payload.regionPath === 'string')
      return repo.officeUsersCovering(db, payload.regionPath, OFFICE_ADMINS);
    if (typeof payload.unitId !== 'number') return [];
    return repo.unitUsers(db, payload.unitId, level === 2 ? UNIT_LEADERS : UNIT_ALL);
  }
  if (!notice) return [];
  switch (topic) {
    case 'notice.report_pending_approval':
      return repo.unitUsers(db, notice.unitId, UNIT_LEADERS);
    case 'notice.signed':
    case 'notice.reported': {
      const desk = await repo.officeUsersCovering(db, notice.regionPath, OFFICE_DESK);
      const creator = await repo.usersByIds(db, [notice.createdBy]);
      return uniqueUsers([...creator, ...desk]);
    }
    case 'notice.supervised': {
      const level = Number(payload.level ?? 1);
      if (level >= 3) return repo.officeUsersOfRegion(db, notice.officeRegionId, OFFICE_ADMINS);
      return repo.unitUsers(db, notice.unitId, level === 2 ? UNIT_LEADERS : UNIT_ALL);
    }
    default:
      return repo.unitUsers(db, notice.unitId, UNIT_ALL);
  }
}

function uniqueUsers(users: RecipientUser[]): RecipientUser[] {
  const seen = new Set<number>();
  return users.filter((u) => !seen.has(u.id) && seen.add(u.id));
}

/** The region whose channels (and their ancestors') carry a message. */
export function messageRegionPath(
  notice: NoticeForMessage | null,
  finding: FindingForMessage | null,
  payload: Record<string, unknown>,
): string | null {
  return (
    notice?.regionPath ??
    finding?.regionPath ??
    (typeof payload.regionPath === 'string' ? payload.regionPath : null)
  );
}

/**
 * A user's preference for a channel and topic: the row for that topic, else the row for "*", else the
 * default (in-app and e-mail on; e-mail still needs an address and an office e-mail channel).
 */
export function prefEnabled(
  prefs: ReadonlyArray<{ user_id: number; channel: string; topic: string; enabled: number }>,
  userId: number,
  channel: string,
  topic: string,
): boolean {
  const mine = prefs.filter((p) => p.user_id === userId && p.channel === channel);
  const exact = mine.find((p) => p.topic === topic);
  if (exact) return exact.enabled === 1;
  const all = mine.find((p) => p.topic === '*');
  if (all) return all.enabled === 1;
  return true;
}
