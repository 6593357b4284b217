import { randomUUID } from 'node:crypto';
import { SEVERITIES, type Severity } from '@shouwang/common';
import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { noticePolicyStore } from '../notices/notice-policy.ts';
import { noticeMessage } from '../notices/notices.i18n.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import { appendOutbox } from '../notifications/outbox.ts';
import { findingsPolicy } from './findings.policy.ts';
import {
  type FindingFilter,
  type FindingWithUnit,
  findingsRepository as repo,
} from './findings.repository.ts';

/** What a detector reports (services.findings.report); see the issue 3 contract. */
export interface FindingReport {
  source: string;
  detector: string;
  dedupKey: string;
  unitId: number;
  assetId?: number | null;
  category: string;
  severity: Severity;
  title: string;
  description?: string | null;
  evidence: Record<string, unknown>;
  pageUrl?: string | null;
  isHomepage?: boolean;
  /** Parameters for re-running the check on close; omit when the detector cannot re-check. */
  recheck?: Record<string, unknown> | null;
}

export interface ReportOutcome {
  findingId: number;
  /** new: a new finding; seen: an open one with this key was seen again; attached: joined an open notice. */
  kind: 'new' | 'seen' | 'attached';
  noticeId: number | null;
  /** What the office's auto-raise policy did with a new finding. */
  raised: 'issued' | 'draft' | null;
}

export interface RaiseOverrides {
  title?: string;
  description?: string;
  requiredActions?: string;
  severity?: Severity;
  category?: string;
  tlp?: string;
  requiresLeaderApproval?: boolean;
}

const OPEN_NOTICE = (state: string) => state !== 'closed' && state !== 'withdrawn';

export function createFindingsService(db: Db, notices: NoticesService, now: () => Date) {
  async function load(actor: Actor, id: number): Promise<FindingWithUnit> {
    const f = await repo.find(db, id);
    if (!f || !findingsPolicy.canRead(actor, f)) throw AppError.notFound();
    return f;
  }

  /** Creates the notice for a finding (and the other open findings with its key) as a draft. */
  async function raise(actor: Actor, f: FindingWithUnit, o: RaiseOverrides = {}): Promise<number> {
    const siblings = (await repo.findOpenByKey(db, f.dedup_key)).filter((s) => s.notice_id === null);
    const ids = [...new Set([f.id, ...siblings.map((s) => s.id)])];
    return notices.create(actor, {
      unitId: f.unit_id,
      assetId: f.asset_id,
      category: o.category ?? f.category,
      severity: o.severity ?? (f.severity as Severity),
      title: o.title ?? f.title,
      description: o.description ?? f.description ?? f.title,
      requiredActions: o.requiredActions ?? noticeMessage(actor.locale, 'default_required_actions'),
      tlp: o.tlp,
      requiresLeaderApproval: o.requiresLeaderApproval,
      findingIds: ids,
    });
  }

  async function record(actor: Actor, input: FindingReport, autoRaise: boolean): Promise<ReportOutcome> {
    if (!SEVERITIES.includes(input.severity)) throw new Error(`Unknown severity ${input.severity}`);
    const unit = await repo.unitWithPath(db, input.unitId);
    if (!unit?.path.startsWith(actor.regionPath)) throw AppError.notFound();
    const at = now().toISOString();
    const outcome = await db.transaction().execute(async (trx): Promise<ReportOutcome> => {
      // Two detector runs reporting the same key at once must not open two findings.
      if (dialectOf(trx) === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtext(${`finding:${input.dedupKey}`}))`.execute(trx);
      }
      const [open] = await repo.findOpenByKey(trx, input.dedupKey);
      if (open) {
        await repo.update(trx, open.id, {
          last_seen_at: at,
          updated_at: at,
          evidence: JSON.stringify(input.evidence),
        });
        return { findingId: open.id, kind: 'seen', noticeId: open.notice_id, raised: null };
      }
      const noticeId = (await repo.openNoticeForKey(trx, input.dedupKey)) ?? null;
      const id = await repo.insert(trx, {
        source: input.source,
        detector: input.detector,
        dedup_key: input.dedupKey,
        unit_id: unit.id,
        asset_id: input.assetId ?? null,
        region_path: unit.path,
        category: input.category,
        severity: input.severity,
        title: input.title,
        description: input.description ?? null,
        evidence: JSON.stringify(input.evidence),
        page_url: input.pageUrl ?? null,
        is_homepage: input.isHomepage ? 1 : 0,
        recheck: input.recheck ? JSON.stringify(input.recheck) : null,
        status: 'open',
        notice_id: noticeId,
        first_seen_at: at,
        last_seen_at: at,
        resolved_at: null,
        created_at: at,
        updated_at: at,
      });
      await appendAudit(trx, actor, {
        action: 'finding.report',
        resourceType: 'finding',
        resourceId: id,
        regionPath: unit.path,
        after: { ...input, noticeId },
      });
      if (noticeId !== null) {
        await notices.noteOnTimeline(trx, actor, noticeId, 'finding_attached', {
          findingId: id,
          title: input.title,
        });
        return { findingId: id, kind: 'attached', noticeId, raised: null };
      }
      await appendOutbox(trx, {
        topic: 'finding.raised',
        dedupKey: `finding:${id}:raised`,
        payload: {
          findingId: id,
          title: input.title,
          severity: input.severity,
          unitId: unit.id,
          detector: input.detector,
        },
      });
      return { findingId: id, kind: 'new', noticeId: null, raised: null };
    });
    if (!autoRaise || outcome.kind !== 'new') return outcome;
    const { policy } = await noticePolicyStore.effective(db, unit.path);
    const issue = input.isHomepage === true && policy.autoRaise.issueHomepage.includes(input.severity);
    if (!issue && !policy.autoRaise.draft.includes(input.severity)) return outcome;
    const f = await repo.find(db, outcome.findingId);
    if (!f) return outcome;
    const noticeId = await raise(actor, f);
    if (issue) await notices.transition(actor, noticeId, { action: 'issue', version: 1 });
    return { ...outcome, noticeId, raised: issue ? 'issued' : 'draft' };
  }

  return {
    get: load,
    list(actor: Actor, filter: FindingFilter) {
      if (!findingsPolicy.canList(actor)) throw AppError.forbidden();
      return repo.listVisibleTo(db, actor, filter);
    },

    /** Detector API (no HTTP): upsert by dedup key, then raise per the office's auto-raise policy. */
    report: (actor: Actor, input: FindingReport) => record(actor, input, true),

    /** A finding recorded by office staff; it stays for staff to raise or dismiss. */
    async createManual(
      actor: Actor,
      input: Omit<FindingReport, 'source' | 'detector' | 'dedupKey' | 'evidence'> & {
        evidence?: Record<string, unknown>;
      },
    ) {
      const unit = await repo.unitWithPath(db, input.unitId);
      if (!unit || !findingsPolicy.canRead(actor, { region_path: unit.path })) throw AppError.notFound();
      if (!findingsPolicy.canWrite(actor, { region_path: unit.path })) throw AppError.forbidden();
      const outcome = await record(
        actor,
        {
          ...input,
          source: 'manual',
          detector: 'manual',
          dedupKey: `manual:${randomUUID()}`,
          evidence: input.evidence ?? {},
        },
        false,
      );
      return load(actor, outcome.findingId);
    },

    /**
     * Detector API: the problem is gone; resolves open findings with this key and notes it on their notice
     * (with `note`, e.g. how long a site was down, added to the timeline entry).
     */
    async resolve(actor: Actor, dedupKey: string, note: Record<string, unknown> = {}): Promise<number> {
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        const open = (await repo.findOpenByKey(trx, dedupKey)).filter((f) =>
          f.region_path.startsWith(actor.regionPath),
        );
        for (const f of open) {
          await repo.update(trx, f.id, { status: 'resolved', resolved_at: at, updated_at: at });
          await appendAudit(trx, actor, {
            action: 'finding.resolve',
            resourceType: 'finding',
            resourceId: f.id,
            regionPath: f.region_path,
            before: { status: 'open' },
            after: { status: 'resolved' },
          });
          if (f.notice_id !== null) {
            await notices.noteOnTimeline(trx, actor, f.notice_id, 'finding_resolved', {
              ...note,
              findingId: f.id,
              title: f.title,
            });
          }
          await appendOutbox(trx, {
            topic: 'finding.resolved',
            noticeId: f.notice_id,
            dedupKey: `finding:${f.id}:resolved`,
            payload: { ...note, findingId: f.id, title: f.title, noticeId: f.notice_id, unitId: f.unit_id },
          });
        }
        return open.length;
      });
    },

    /**
     * Detector API: adds evidence gathered later (e.g. the monitor's rendering pass) to the open findings
     * with this key, replacing only the keys given. Answers how many findings were amended.
     */
    async amendEvidence(actor: Actor, dedupKey: string, patch: Record<string, unknown>): Promise<number> {
      const at = now().toISOString();
      return db.transaction().execute(async (trx) => {
        const open = (await repo.findOpenByKey(trx, dedupKey)).filter((f) =>
          f.region_path.startsWith(actor.regionPath),
        );
        for (const f of open) {
          let evidence: Record<string, unknown> = {};
          try {
            const parsed: unknown = JSON.parse(f.evidence);
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) evidence = { ...parsed };
          } catch {
            evidence = {};
          }
          await repo.update(trx, f.id, {
            evidence: JSON.stringify({ ...evidence, ...patch }),
            updated_at: at,
          });
        }
        return open.length;
      });
    },

    /** The draft notice for a finding, or the open notice it already belongs to. */
    async raiseNotice(
      actor: Actor,
      id: number,
      overrides?: RaiseOverrides,
    ): Promise<{ noticeId: number; created: boolean }> {
      const f = await load(actor, id);
      if (!findingsPolicy.canWrite(actor, f)) throw AppError.forbidden();
      if (f.notice_id !== null) {
        const n = await db
          .selectFrom('notices')
          .select('state')
          .where('id', '=', f.notice_id)
          .executeTakeFirst();
        if (n && OPEN_NOTICE(n.state)) return { noticeId: f.notice_id, created: false };
      }
      if (f.status !== 'open') throw new AppError('finding_closed');
      return { noticeId: await raise(actor, f, overrides), created: true };
    },

    async dismiss(actor: Actor, id: number, reason: string): Promise<FindingWithUnit> {
      const f = await load(actor, id);
      if (!findingsPolicy.canWrite(actor, f)) throw AppError.forbidden();
      if (f.status !== 'open') throw new AppError('finding_closed');
      const text = reason.trim();
      if (!text)
        throw AppError.invalid([
          { field: 'reason', message: noticeMessage(actor.locale, 'reason_required') },
        ]);
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await repo.update(trx, id, { status: 'dismissed', resolved_at: at, updated_at: at });
        await appendAudit(trx, actor, {
          action: 'finding.dismiss',
          resourceType: 'finding',
          resourceId: id,
          regionPath: f.region_path,
          before: { status: f.status },
          after: { status: 'dismissed', reason: text },
        });
        if (f.notice_id !== null) {
          await notices.noteOnTimeline(trx, actor, f.notice_id, 'finding_dismissed', {
            findingId: id,
            reason: text,
          });
        }
      });
      return load(actor, id);
    },
  };
}

export type FindingsService = ReturnType<typeof createFindingsService>;
