import { canAdministerOrg, isUnitRole, SEVERITIES, type Severity } from '@shouwang/common';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { pathIds } from '../notices/notice-policy.ts';
import { type CheckFinding, FINDING_TYPES, type FindingType } from './check-types.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type SeverityPair = { homepage: Severity; other: Severity };

/**
 * The severity each monitoring finding is reported with, by type and whether the page is the homepage; the
 * office's notice policy then decides what is raised at once (by default severity I/II on a homepage is
 * issued immediately). An office setting, stored per region in settings as 'monitoring.severity:<regionId>'
 * and inherited by the regions below; the shipped defaults grade tampered content by where it shows (on the
 * homepage II, elsewhere III).
 */
export interface SeverityPolicy {
  types: Record<FindingType, SeverityPair>;
  /** A certificate expiring within a day (30 and 7 days ahead use the tls_expiring row). */
  tlsExpiringLastDay: Severity;
}

export const DEFAULT_SEVERITY_POLICY: SeverityPolicy = {
  types: {
    defacement: { homepage: 'II', other: 'III' },
    hidden_links: { homepage: 'II', other: 'III' },
    illegal_content: { homepage: 'II', other: 'III' },
    cloaking: { homepage: 'II', other: 'III' },
    site_down: { homepage: 'III', other: 'IV' },
    dns_failure: { homepage: 'III', other: 'IV' },
    http_error: { homepage: 'III', other: 'IV' },
    tls_invalid: { homepage: 'III', other: 'III' },
    tls_expiring: { homepage: 'IV', other: 'IV' },
    tls_weak_protocol: { homepage: 'IV', other: 'IV' },
    security_headers: { homepage: 'IV', other: 'IV' },
    mixed_content: { homepage: 'IV', other: 'IV' },
    icp_missing: { homepage: 'IV', other: 'IV' },
    slow_response: { homepage: 'IV', other: 'IV' },
    broken_links: { homepage: 'IV', other: 'IV' },
  },
  tlsExpiringLastDay: 'III',
};

const isSeverity = (v: unknown): v is Severity => SEVERITIES.some((s) => s === v);

/**
 * A stored (or submitted) policy with what it lacks or gets wrong taken from the defaults, so a policy
 * stored before a new finding type existed keeps working.
 */
export function withSeverityDefaults(stored: unknown): SeverityPolicy {
  const raw = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const rawTypes = raw.types && typeof raw.types === 'object' ? (raw.types as Record<string, unknown>) : {};
  const types = {} as Record<FindingType, SeverityPair>;
  for (const type of FINDING_TYPES) {
    const row = rawTypes[type] as Partial<SeverityPair> | undefined;
    const fallback = DEFAULT_SEVERITY_POLICY.types[type];
    types[type] = {
      homepage: isSeverity(row?.homepage) ? row.homepage : fallback.homepage,
      other: isSeverity(row?.other) ? row.other : fallback.other,
    };
  }
  return {
    types,
    tlsExpiringLastDay: isSeverity(raw.tlsExpiringLastDay)
      ? raw.tlsExpiringLastDay
      : DEFAULT_SEVERITY_POLICY.tlsExpiringLastDay,
  };
}

export function severityOf(
  finding: Pick<CheckFinding, 'type' | 'isHomepage' | 'evidence'>,
  policy: SeverityPolicy = DEFAULT_SEVERITY_POLICY,
): Severity {
  if (finding.type === 'tls_expiring') {
    const daysLeft = Number(finding.evidence.daysLeft);
    if (Number.isFinite(daysLeft) && daysLeft <= 1) return policy.tlsExpiringLastDay;
  }
  const row = policy.types[finding.type];
  return finding.isHomepage ? row.homepage : row.other;
}

const keyOf = (regionId: number) => `monitoring.severity:${regionId}`;

export const severityPolicyStore = {
  /** The policy of the nearest region on the path (the region itself first) that has one, else the defaults. */
  async effective(
    db: Q,
    regionPath: string,
  ): Promise<{ policy: SeverityPolicy; fromRegionId: number | null }> {
    const ids = pathIds(regionPath);
    if (ids.length === 0) return { policy: DEFAULT_SEVERITY_POLICY, fromRegionId: null };
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
      if (value === undefined) continue;
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(value);
      } catch {
        // A damaged row reads as the defaults rather than stopping every run of the region.
      }
      return { policy: withSeverityDefaults(parsed), fromRegionId: id };
    }
    return { policy: DEFAULT_SEVERITY_POLICY, fromRegionId: null };
  },

  async save(db: Q, regionId: number, policy: SeverityPolicy, now: string): Promise<void> {
    const value = JSON.stringify(policy);
    await db
      .insertInto('settings')
      .values({ key: keyOf(regionId), value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  },

  async remove(db: Q, regionId: number): Promise<void> {
    await db.deleteFrom('settings').where('key', '=', keyOf(regionId)).execute();
  },
};

/** Read the policy in force for a region; office admins set (or drop) their region's own. */
export function createSeverityPolicyService(db: Db, now: () => Date) {
  async function region(actor: Actor, regionId: number | undefined) {
    const id = regionId ?? actor.regionId;
    const row = await db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
    const visible =
      row && (isUnitRole(actor.role) ? row.id === actor.regionId : row.path.startsWith(actor.regionPath));
    if (!row || !visible) throw AppError.notFound();
    return row;
  }
  const present = (actor: Actor, regionId: number, policy: SeverityPolicy, from: number | null) => ({
    ...policy,
    regionId,
    inheritedFrom: from,
    defaults: DEFAULT_SEVERITY_POLICY,
    abilities: { update: canAdministerOrg(actor.role) },
  });

  async function get(actor: Actor, regionId?: number) {
    const r = await region(actor, regionId);
    const { policy, fromRegionId } = await severityPolicyStore.effective(db, r.path);
    return present(actor, r.id, policy, fromRegionId);
  }

  return {
    get,

    /** Sets the region's own policy; `inherit: true` drops it, so the parent's (or the defaults) apply. */
    async put(
      actor: Actor,
      input: {
        types?: Partial<Record<FindingType, SeverityPair>>;
        tlsExpiringLastDay?: Severity;
        regionId?: number;
        inherit?: boolean;
      },
    ) {
      const r = await region(actor, input.regionId);
      if (!canAdministerOrg(actor.role)) throw AppError.forbidden();
      const before = await severityPolicyStore.effective(db, r.path);
      const policy = input.inherit ? null : withSeverityDefaults(input);
      await db.transaction().execute(async (trx) => {
        if (policy) await severityPolicyStore.save(trx, r.id, policy, now().toISOString());
        else await severityPolicyStore.remove(trx, r.id);
        await appendAudit(trx, actor, {
          action: 'monitoring.severity_policy',
          resourceType: 'monitoring_severity_policy',
          resourceId: r.id,
          regionPath: r.path,
          before: { ...before.policy, inheritedFrom: before.fromRegionId },
          after: policy ?? { inherit: true },
        });
      });
      return get(actor, r.id);
    },
  };
}

export type SeverityPolicyService = ReturnType<typeof createSeverityPolicyService>;
