import type { Locale } from '@shouwang/common';
import { DEFAULT_REPORT_CATEGORIES } from '@shouwang/common/intake/intake';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError, type ErrorDetail } from '../../platform/http/app-error.ts';
import { DEFAULT_CATEGORY_NAMES, intakeFieldInvalid, intakeMessage } from './intake.i18n.ts';
import { intakePolicy } from './intake.policy.ts';
import { categoriesRepository as repo } from './intake-categories.repository.ts';

/** Lower-case letters, digits and underscores, as the shipped codes are written. */
const CODE = /^[a-z0-9_]{2,64}$/;
const NAME_MAX = 100;
const SHIPPED: ReadonlySet<string> = new Set(DEFAULT_REPORT_CATEGORIES);

export interface CategoryInput {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface CategoryChange {
  nameZh?: string;
  nameEn?: string;
  active?: boolean;
}

type CategoryRow = NonNullable<Awaited<ReturnType<typeof repo.find>>>;

export interface CategoryNames {
  /** The category's name in the locale; null for no category; the code itself for one nobody defined. */
  nameOf(code: string | null, locale: Locale): string | null;
}

/**
 * Names of every report category a case may carry: the shipped ones and the office's own, deactivated
 * ones included (existing cases keep showing them). One read of a small table.
 */
export async function categoryNames(db: Db): Promise<CategoryNames> {
  const rows = await repo.all(db);
  const names = new Map<string, { zh: string; en: string }>(Object.entries(DEFAULT_CATEGORY_NAMES));
  for (const r of rows) names.set(r.code, { zh: r.name_zh, en: r.name_en });
  return {
    nameOf(code, locale) {
      if (code === null) return null;
      const n = names.get(code);
      return n ? (locale === 'en-US' ? n.en : n.zh) : code;
    },
  };
}

export interface OfferedCategory {
  code: string;
  name: string;
  shipped: boolean;
}

/**
 * The categories a citizen may choose now, named in the locale: the shipped ones, then the office's
 * active ones in the order they were added (the public form, and staff pages that pick one).
 */
export async function offeredCategories(db: Db, locale: Locale): Promise<OfferedCategory[]> {
  const en = locale === 'en-US';
  const extra = await repo.active(db);
  return [
    ...DEFAULT_REPORT_CATEGORIES.map((code) => {
      const names = DEFAULT_CATEGORY_NAMES[code];
      return { code, name: (en ? names?.en : names?.zh) ?? code, shipped: true };
    }),
    ...extra.map((c) => ({ code: c.code, name: en ? c.name_en : c.name_zh, shipped: false })),
  ];
}

/**
 * Why a public submission's category is refused: one the office has deactivated is named, so the
 * citizen knows to choose another; anything else is unknown. Read only on the refusal path.
 */
export async function categoryRefusal(db: Db, locale: Locale, code: string): Promise<AppError> {
  const row = code.length <= 64 ? await repo.find(db, code) : undefined;
  if (row && row.active === 0)
    return intakeFieldInvalid(locale, 'category', 'category_inactive', {
      name: locale === 'en-US' ? row.name_en : row.name_zh,
    });
  return intakeFieldInvalid(locale, 'category', 'category_unknown');
}

/** A trimmed name, or the problem with it. */
function checkName(locale: Locale, field: string, raw: string, issues: ErrorDetail[]): string {
  const name = raw.trim();
  if (!name) issues.push({ field, message: intakeMessage(locale, 'category_name_required') });
  else if ([...name].length > NAME_MAX)
    issues.push({ field, message: intakeMessage(locale, 'category_name_too_long', { max: NAME_MAX }) });
  return name;
}

function taken(locale: Locale, code: string): AppError {
  const key = SHIPPED.has(code) ? 'category_code_shipped' : 'category_code_taken';
  return new AppError('intake_category_taken', { code }, [
    { field: 'code', message: intakeMessage(locale, key, { code }) },
  ]);
}

/**
 * The report categories: the shipped ones (read-only) and the office's own, which the administrators of
 * the one public page add, rename, deactivate and reactivate, and delete while no case or routing rule
 * uses them. Every write is audited and tells the public form's cache (`onChange`).
 */
export function createCategoryService(db: Db, now: () => Date, onChange: () => void = () => {}) {
  function present(actor: Actor, r: CategoryRow, inUse: boolean) {
    const manage = intakePolicy.canManagePublicForm(actor);
    return {
      code: r.code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      name: actor.locale === 'en-US' ? r.name_en : r.name_zh,
      shipped: false,
      active: r.active === 1,
      inUse,
      createdAt: r.created_at,
      abilities: { update: manage, delete: manage && !inUse },
    };
  }

  function presentShipped(actor: Actor, code: string) {
    const n = DEFAULT_CATEGORY_NAMES[code] ?? { zh: code, en: code };
    return {
      code,
      nameZh: n.zh,
      nameEn: n.en,
      name: actor.locale === 'en-US' ? n.en : n.zh,
      shipped: true,
      active: true,
      inUse: true,
      createdAt: null,
      abilities: { update: false, delete: false },
    };
  }

  /** An office-defined category by code: 404 when none, 403 for who may not write, 409 for a shipped one. */
  async function loadWritable(actor: Actor, code: string): Promise<CategoryRow> {
    const row = SHIPPED.has(code) ? undefined : await repo.find(db, code);
    if (!row && !SHIPPED.has(code)) throw AppError.notFound();
    if (!intakePolicy.canManagePublicForm(actor)) throw AppError.forbidden();
    if (!row) throw new AppError('intake_category_shipped', { code });
    return row;
  }

  /** Which of these codes a case or a routing rule names. */
  async function used(codes: readonly string[]): Promise<Set<string>> {
    const [byCases, byRules] = await Promise.all([repo.usedByCases(db, codes), repo.usedByRules(db, codes)]);
    return new Set([...byCases, ...byRules]);
  }

  async function view(actor: Actor, code: string) {
    const row = await repo.find(db, code);
    if (!row) throw AppError.notFound();
    return present(actor, row, (await used([code])).has(code));
  }

  return {
    async list(actor: Actor) {
      const rows = await repo.all(db);
      const inUse = await used(rows.map((r) => r.code));
      return {
        items: [
          ...DEFAULT_REPORT_CATEGORIES.map((code) => presentShipped(actor, code)),
          ...rows.map((r) => present(actor, r, inUse.has(r.code))),
        ],
        abilities: { create: intakePolicy.canManagePublicForm(actor) },
      };
    },

    async create(actor: Actor, input: CategoryInput) {
      if (!intakePolicy.canManagePublicForm(actor)) throw AppError.forbidden();
      const { locale } = actor;
      const issues: ErrorDetail[] = [];
      const code = input.code.trim();
      if (!CODE.test(code))
        issues.push({ field: 'code', message: intakeMessage(locale, 'category_code_format') });
      const nameZh = checkName(locale, 'nameZh', input.nameZh, issues);
      const nameEn = checkName(locale, 'nameEn', input.nameEn, issues);
      if (issues.length > 0) throw AppError.invalid(issues);
      if (SHIPPED.has(code) || (await repo.find(db, code))) throw taken(locale, code);
      const row = { code, name_zh: nameZh, name_en: nameEn, created_at: now().toISOString() };
      try {
        await db.transaction().execute(async (trx) => {
          const id = await repo.insert(trx, row);
          await appendAudit(trx, actor, {
            action: 'intake.category.create',
            resourceType: 'intake_category',
            resourceId: id,
            regionPath: actor.regionPath,
            after: { ...row, active: 1 },
          });
        });
      } catch (err) {
        // Two administrators adding the same code at once: the unique index decides, the loser hears why.
        if (await repo.find(db, code)) throw taken(locale, code);
        throw err;
      }
      onChange();
      return view(actor, code);
    },

    /** Renames, deactivates or reactivates an office-defined category. */
    async update(actor: Actor, code: string, change: CategoryChange) {
      const before = await loadWritable(actor, code);
      const { locale } = actor;
      if (change.nameZh === undefined && change.nameEn === undefined && change.active === undefined)
        throw intakeFieldInvalid(locale, 'nameZh', 'category_nothing_to_change');
      const issues: ErrorDetail[] = [];
      const after = {
        name_zh:
          change.nameZh === undefined ? before.name_zh : checkName(locale, 'nameZh', change.nameZh, issues),
        name_en:
          change.nameEn === undefined ? before.name_en : checkName(locale, 'nameEn', change.nameEn, issues),
        active: change.active === undefined ? before.active : change.active ? 1 : 0,
      };
      if (issues.length > 0) throw AppError.invalid(issues);
      const action =
        after.active === before.active
          ? 'intake.category.update'
          : after.active === 1
            ? 'intake.category.reactivate'
            : 'intake.category.deactivate';
      await db.transaction().execute(async (trx) => {
        await repo.update(trx, before.id, after);
        await appendAudit(trx, actor, {
          action,
          resourceType: 'intake_category',
          resourceId: before.id,
          regionPath: actor.regionPath,
          before: { code, name_zh: before.name_zh, name_en: before.name_en, active: before.active },
          after: { code, ...after },
        });
      });
      onChange();
      return view(actor, code);
    },

    /**
     * Deletes a category no case and no routing rule names; one in use can only be deactivated. The check
     * is in the deleting transaction; a submission that read the category from a cache a moment before
     * can still store its code, and such a case shows the code where the name would be.
     */
    async remove(actor: Actor, code: string) {
      const before = await loadWritable(actor, code);
      await db.transaction().execute(async (trx) => {
        const uses = await repo.uses(trx, code);
        if (uses.cases > 0 || uses.rules > 0) throw new AppError('intake_category_in_use', uses, uses);
        await repo.remove(trx, before.id);
        await appendAudit(trx, actor, {
          action: 'intake.category.delete',
          resourceType: 'intake_category',
          resourceId: before.id,
          regionPath: actor.regionPath,
          before,
        });
      });
      onChange();
    },
  };
}

export type CategoryService = ReturnType<typeof createCategoryService>;
