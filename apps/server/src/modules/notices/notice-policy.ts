import { canAdministerOrg, isUnitRole, type Locale, SEVERITIES, type Severity } from '@shouwang/common';
import { parseDuration } from '@shouwang/common/calendar/index';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError, type ErrorDetail } from '../../platform/http/app-error.ts';
import { noticeMessage } from './notices.i18n.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface SeverityDeadlines {
  /** Duration to sign, e.g. '2wh', '1wd', '3d' (see parseDuration). */
  sign: string;
  rectify: string;
}

/** Per-office notice policy, stored in settings as 'notices.policy:<regionId>'. */
export interface NoticePolicy {
  deadlines: Record<Severity, SeverityDeadlines>;
  requireLeaderApproval: boolean;
  docNumberPrefix: string;
  /** Short name of the issuing office at the head of a 文号; null means the region's name. */
  officeShortName: string | null;
  /** Detector findings raised automatically: issued at once on a homepage, or left as a draft. */
  autoRaise: { issueHomepage: Severity[]; draft: Severity[] };
}

export const DEFAULT_NOTICE_POLICY: NoticePolicy = {
  deadlines: {
    I: { sign: '2wh', rectify: '1wd' },
    II: { sign: '4wh', rectify: '3wd' },
    III: { sign: '1wd', rectify: '5wd' },
    IV: { sign: '1wd', rectify: '10wd' },
  },
  requireLeaderApproval: false,
  docNumberPrefix: '网信通',
  officeShortName: null,
  autoRaise: { issueHomepage: ['I', 'II'], draft: [] },
};

const keyOf = (regionId: number) => `notices.policy:${regionId}`;

/** Region ids of a materialised path, nearest first: "/1/4/12/" → [12, 4, 1]. */
export function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(Number)
    .reverse();
}

/** Fills what a stored policy lacks from the defaults, so older stored shapes keep working. */
function withDefaults(stored: Partial<NoticePolicy>): NoticePolicy {
  return {
    ...DEFAULT_NOTICE_POLICY,
    ...stored,
    deadlines: { ...DEFAULT_NOTICE_POLICY.deadlines, ...(stored.deadlines ?? {}) },
    autoRaise: { ...DEFAULT_NOTICE_POLICY.autoRaise, ...(stored.autoRaise ?? {}) },
  };
}

/** Checks the durations of a policy; the schema checks the shape. */
export function checkNoticePolicy(policy: NoticePolicy, locale: Locale): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  for (const sev of SEVERITIES) {
    for (const kind of ['sign', 'rectify'] as const) {
      const text = policy.deadlines[sev][kind];
      const parsed = parseDuration(text);
      if (!parsed.ok)
        issues.push({
          field: `deadlines.${sev}.${kind}`,
          message: noticeMessage(locale, 'duration_invalid', { value: text }),
        });
    }
  }
  return issues;
}

export const noticePolicyStore = {
  /** The policy of the nearest region on the path (the region itself first) that has one, else the defaults. */
  async effective(db: Q, regionPath: string): Promise<{ policy: NoticePolicy; fromRegionId: number | null }> {
    const ids = pathIds(regionPath);
    if (ids.length === 0) return { policy: DEFAULT_NOTICE_POLICY, fromRegionId: null };
    const rows = await db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where(
        'key',
        'in',
        ids.map((id) => keyOf(id)),
      )
      .execute();
    const byKey = new Map(rows.map((r) => [r.key, r.value]));
    for (const id of ids) {
      const value = byKey.get(keyOf(id));
      if (value !== undefined) {
        return { policy: withDefaults(JSON.parse(value) as Partial<NoticePolicy>), fromRegionId: id };
      }
    }
    return { policy: DEFAULT_NOTICE_POLICY, fromRegionId: null };
  },

  async save(db: Q, regionId: number, policy: NoticePolicy, now: string): Promise<void> {
    await db
      .insertInto('settings')
      .values({ key: keyOf(regionId), value: JSON.stringify(policy), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(policy), updated_at: now }))
      .execute();
  },
};

/** The settings-page side of the policy: read the effective policy, and let office admins set their region's. */
export function createNoticePolicyService(db: Db, now: () => Date) {
  async function region(actor: Actor, regionId: number | undefined) {
    const id = regionId ?? actor.regionId;
    const row = await db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
    const visible =
      row && (isUnitRole(actor.role) ? row.id === actor.regionId : row.path.startsWith(actor.regionPath));
    if (!row || !visible) throw AppError.notFound();
    return row;
  }
  const present = (actor: Actor, regionId: number, policy: NoticePolicy, from: number | null) => ({
    ...policy,
    regionId,
    inheritedFrom: from,
    abilities: { update: canAdministerOrg(actor.role) },
  });

  return {
    async get(actor: Actor, regionId?: number) {
      const r = await region(actor, regionId);
      const { policy, fromRegionId } = await noticePolicyStore.effective(db, r.path);
      return present(actor, r.id, policy, fromRegionId);
    },
    async put(
      actor: Actor,
      input: Omit<NoticePolicy, 'officeShortName' | 'autoRaise'> &
        Partial<NoticePolicy> & { regionId?: number },
    ) {
      const r = await region(actor, input.regionId);
      if (!canAdministerOrg(actor.role)) throw AppError.forbidden();
      const { regionId: _ignored, ...rest } = input;
      const policy = withDefaults(rest);
      const issues = checkNoticePolicy(policy, actor.locale);
      if (issues.length > 0) throw AppError.invalid(issues);
      const before = await noticePolicyStore.effective(db, r.path);
      await db.transaction().execute(async (trx) => {
        await noticePolicyStore.save(trx, r.id, policy, now().toISOString());
        await appendAudit(trx, actor, {
          action: 'notice_policy.update',
          resourceType: 'notice_policy',
          resourceId: r.id,
          regionPath: r.path,
          before: before.policy,
          after: policy,
        });
      });
      return present(actor, r.id, policy, r.id);
    },
  };
}
