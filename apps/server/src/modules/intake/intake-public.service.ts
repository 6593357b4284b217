import type { Locale } from '@shouwang/common';
import {
  citizenSeesReply,
  type IntakeState,
  MESSAGE_TYPES,
  publicStatusOf,
  type Rating,
} from '@shouwang/common/intake/intake';
import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { AbuseGuard, Solution } from './abuse-guard.ts';
import { normaliseUrl } from './dedup.ts';
import {
  evidenceRejected,
  type IncomingFile,
  parseUploadLimits,
  prepareEvidence,
  UPLOAD_SETTING,
} from './evidence.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { intakeFieldInvalid } from './intake.i18n.ts';
import { intakeRepository as repo } from './intake.repository.ts';
import { categoryRefusal, offeredCategories } from './intake-categories.ts';
import { DAILY_SOURCE_COLUMNS, intakeDailyStats } from './intake-daily-stats.ts';
import { createPublicFormCache } from './intake-public-cache.ts';
import { CONTACT_SETTING, parseContactRules } from './intake-public-form.ts';
import { type NewCase, storeCase } from './intake-store.ts';
import { canonicalQueryCode, digitsMatch, queryCodeHash } from './query-code.ts';

export interface ReportInput {
  category: string;
  urls?: string[];
  targetApp?: string;
  description: string;
  regionId?: number;
  contactName?: string;
  contactPhone?: string;
}

export interface MessageInput {
  type: string;
  topic: string;
  regionId: number;
  title: string;
  content: string;
  contactName?: string;
  contactPhone?: string;
  publishable: boolean;
}

export interface PublicCaller {
  ip: string;
  locale: Locale;
  solution: Solution | null;
}

/** Deps shared by the public and office sides. */
export interface IntakeDeps {
  db: Db;
  now: () => Date;
  guard: AbuseGuard;
  /** Where evidence files go; without it a submission with files is refused (tests of other parts). */
  evidence?: EvidenceStore;
}

export function createIntakePublicService(deps: IntakeDeps) {
  const { db, now, guard, evidence } = deps;
  /** Per-code wrong second factors in the last hour, so four digits cannot be guessed from many IPs. */
  const failures = new Map<string, { count: number; since: number }>();

  function admit(caller: PublicCaller, purpose: 'submit' | 'lookup'): void {
    const verdict = guard.admit(caller.ip, purpose, caller.solution);
    if (!verdict.ok) {
      throw new AppError('challenge_required', {}, { ...verdict.challenge, reason: verdict.reason }, 429);
    }
  }

  // Read on every submission, changed rarely: kept per process (see PUBLIC_CACHE_TTL_MS).
  const cache = createPublicFormCache({
    contactRules: async () => parseContactRules(await repo.setting(db, CONTACT_SETTING)),
    // The locale only names the categories; the codes are the same in both.
    categoryCodes: async () => new Set((await offeredCategories(db, 'zh-CN')).map((c) => c.code)),
    region: (regionId) => repo.publicRegion(db, regionId),
  });

  async function checkContact(locale: Locale, input: { contactName?: string; contactPhone?: string }) {
    const rules = await cache.contactRules();
    const name = input.contactName?.trim() || null;
    const phone = input.contactPhone?.trim() || null;
    if (rules.nameRequired && !name) throw intakeFieldInvalid(locale, 'contactName', 'contact_name_required');
    if (rules.phoneRequired && !phone)
      throw intakeFieldInvalid(locale, 'contactPhone', 'contact_phone_required');
    return { name, phone };
  }

  async function regionOf(locale: Locale, regionId: number | undefined) {
    const region = await cache.region(regionId);
    if (!region) throw intakeFieldInvalid(locale, 'regionId', 'region_unknown');
    return region;
  }

  async function uploadLimits() {
    return parseUploadLimits(await repo.setting(db, UPLOAD_SETTING));
  }

  /**
   * Stores the case with its evidence: every file is checked and re-encoded first (one refused file
   * refuses the submission), written to disk, then the case and its file rows are committed together;
   * the files are removed again when the transaction fails.
   */
  async function store(
    locale: Locale,
    input: NewCase,
    files: readonly IncomingFile[],
    after?: (trx: Transaction<Database>, caseId: number) => Promise<void>,
  ) {
    let prepared: Awaited<ReturnType<typeof prepareEvidence>>['files'] = [];
    if (files.length > 0) {
      const limits = await uploadLimits();
      const result = await prepareEvidence(files, limits);
      if (result.refusals.length > 0 || !evidence) {
        throw evidenceRejected(
          locale,
          result.refusals.length > 0
            ? result.refusals
            : files.map((f, index) => ({ index, name: f.name, reason: 'type_not_accepted' as const })),
          limits,
        );
      }
      prepared = result.files;
    }
    const at = now().toISOString();
    const staged = evidence ? await evidence.stage(prepared, at) : [];
    try {
      const stored = await db.transaction().execute(async (trx) => {
        const s = await storeCase(trx, input, at);
        if (evidence) await evidence.record(trx, s.id, staged, at);
        if (after) await after(trx, s.id);
        return s;
      });
      return {
        queryCode: stored.queryCode,
        pin: stored.pin,
        createdAt: stored.createdAt,
        files: staged.length,
        caseId: stored.id,
      };
    } catch (err) {
      if (evidence) await evidence.discard(staged);
      throw err;
    }
  }

  return {
    async options(locale: Locale) {
      const regions = await repo.regions(db);
      return {
        categories: await offeredCategories(db, locale),
        messageTypes: [...MESSAGE_TYPES],
        regions: regions.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id })),
        contact: await cache.contactRules(),
        uploads: await uploadLimits(),
      };
    },

    uploadLimits,

    /** Forgets the cached contact rules, categories and regions (the public form's settings changed). */
    invalidateCache: () => cache.invalidate(),

    async submitReport(caller: PublicCaller, input: ReportInput, files: readonly IncomingFile[] = []) {
      admit(caller, 'submit');
      const { locale } = caller;
      if (!(await cache.hasCategory(input.category))) throw await categoryRefusal(db, locale, input.category);
      const rawUrls = (input.urls ?? []).map((u) => u.trim()).filter(Boolean);
      const urls: string[] = [];
      for (const raw of rawUrls) {
        const n = normaliseUrl(raw);
        if (!n) throw intakeFieldInvalid(locale, 'urls', 'url_invalid', { value: raw.slice(0, 100) });
        if (!urls.includes(n)) urls.push(n);
      }
      const targetApp = input.targetApp?.trim() || null;
      if (urls.length === 0 && !targetApp) throw intakeFieldInvalid(locale, 'urls', 'target_required');
      const contact = await checkContact(locale, input);
      const region = await regionOf(locale, input.regionId);
      const description = input.description.trim();
      const { caseId: _, ...receipt } = await store(
        locale,
        {
          kind: 'report',
          channel: 'web',
          category: input.category,
          messageType: null,
          topic: null,
          region,
          title: [...description].slice(0, 60).join(''),
          content: description,
          urls,
          rawUrls,
          targetApp,
          contactName: contact.name,
          contactPhone: contact.phone,
          publishable: false,
          createdBy: null,
          actorName: 'public',
        },
        files,
      );
      return receipt;
    },

    async submitMessage(caller: PublicCaller, input: MessageInput, files: readonly IncomingFile[] = []) {
      const { caseId: _, ...receipt } = await this.storeMessage(caller, input, files);
      return receipt;
    },

    /**
     * A message from the public page (caller throttled) or from an API client acting as a staff member
     * (`via.actor`, channel api, not throttled); `via.after` writes more rows in the case's transaction.
     */
    async storeMessage(
      caller: PublicCaller,
      input: MessageInput,
      files: readonly IncomingFile[] = [],
      via: {
        actor?: { userId: number; name: string } | null;
        after?: (trx: Transaction<Database>, caseId: number) => Promise<void>;
      } = {},
    ) {
      if (!via.actor) admit(caller, 'submit');
      const contact = await checkContact(caller.locale, input);
      const region = await regionOf(caller.locale, input.regionId);
      return store(
        caller.locale,
        {
          kind: 'message',
          channel: via.actor ? 'api' : 'web',
          category: null,
          messageType: input.type,
          topic: input.topic.trim(),
          region,
          title: input.title.trim(),
          content: input.content.trim(),
          urls: [],
          rawUrls: [],
          targetApp: null,
          contactName: contact.name,
          contactPhone: contact.phone,
          publishable: input.publishable,
          createdBy: via.actor?.userId ?? null,
          actorName: via.actor?.name ?? 'public',
        },
        files,
        via.after,
      );
    },

    /** The case behind a code and its four digits; 404 for any mismatch, so nothing is learned. */
    async findForCitizen(caller: PublicCaller, code: string, digits: string) {
      admit(caller, 'lookup');
      const canonical = canonicalQueryCode(code);
      if (!canonical) throw AppError.notFound();
      const hash = queryCodeHash(canonical);
      const at = now().getTime();
      const failed = failures.get(hash);
      if (failed && at - failed.since < 3_600_000 && failed.count >= 10) {
        throw new AppError('too_many_attempts');
      }
      const row = await repo.findByCodeHash(db, hash);
      // Compare even when there is no case, so timing does not tell a wrong code from wrong digits.
      const match = digitsMatch(row?.factor_digits ?? '----', digits);
      if (!row || !match) {
        if (row) {
          const fresh = !failed || at - failed.since >= 3_600_000;
          failures.set(hash, {
            count: fresh ? 1 : (failed?.count ?? 0) + 1,
            since: fresh ? at : (failed?.since ?? at),
          });
        }
        throw AppError.notFound();
      }
      return row;
    },

    async lookup(caller: PublicCaller, code: string, digits: string) {
      const row = await this.findForCitizen(caller, code, digits);
      const events = await repo.events(db, row.id, true);
      // A transferred case is answered too: the reply is the office's explanation of where it went.
      const replyVisible = citizenSeesReply(row.state);
      const transferred = row.state === 'transferred';
      return {
        kind: row.kind,
        status: publicStatusOf(row.state as IntakeState),
        title: row.title,
        createdAt: row.created_at,
        timeline: events.map((e) => ({ at: e.at, action: e.action })),
        reply: replyVisible ? row.reply : null,
        repliedAt: replyVisible ? row.replied_at : null,
        transferredTo: transferred ? row.transferred_to : null,
        rating: row.rating,
        // What rate() accepts: an answered case, once; a transfer is not the office's answer to rate.
        ratable: !transferred && replyVisible && row.rating === null,
      };
    },

    async rate(
      caller: PublicCaller,
      code: string,
      input: { phoneLast4: string; rating: Rating; comment?: string },
    ) {
      const row = await this.findForCitizen(caller, code, input.phoneLast4);
      if (!(row.state === 'replied' || row.state === 'closed') || row.rating !== null) {
        throw intakeFieldInvalid(caller.locale, 'rating', 'not_ratable');
      }
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        const rated = await trx
          .updateTable('intake_cases')
          .set({
            rating: input.rating,
            rating_comment: input.comment?.trim() || null,
            rated_at: at,
            updated_at: at,
          })
          .where('id', '=', row.id)
          .where('rating', 'is', null)
          .returning([...DAILY_SOURCE_COLUMNS])
          .executeTakeFirst();
        // A rating that arrived at the same moment won: this one is refused like any second rating, and
        // the timeline records only the rating that was stored.
        if (!rated) throw intakeFieldInvalid(caller.locale, 'rating', 'not_ratable');
        // The dashboard's daily satisfaction counts change in the same transaction as the rating.
        await intakeDailyStats.applyChange(trx, { ...rated, rating: null, rated_at: null }, rated);
        await repo.insertEvent(trx, {
          caseId: row.id,
          at,
          actor: { userId: null, name: 'public' },
          action: 'rate',
          fromState: row.state,
          toState: row.state,
          isPublic: true,
          data: { rating: input.rating },
        });
      });
    },
  };
}

export type IntakePublicService = ReturnType<typeof createIntakePublicService>;
