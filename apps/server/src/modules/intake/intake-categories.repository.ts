import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

const COLUMNS = ['id', 'code', 'name_zh', 'name_en', 'active', 'created_at'] as const;

/** The office-defined report categories (the shipped ones are code, not rows). */
export const categoriesRepository = {
  /** Every office-defined category, active or not, in the order they were added. */
  all(db: Q) {
    return db.selectFrom('intake_categories').select(COLUMNS).orderBy('id', 'asc').execute();
  },

  /** The office-defined categories a citizen may choose now, in the order they were added. */
  active(db: Q) {
    return db
      .selectFrom('intake_categories')
      .select(['code', 'name_zh', 'name_en'])
      .where('active', '=', 1)
      .orderBy('id', 'asc')
      .execute();
  },

  find(db: Q, code: string) {
    return db.selectFrom('intake_categories').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  },

  async insert(trx: Q, row: { code: string; name_zh: string; name_en: string; created_at: string }) {
    const r = await trx
      .insertInto('intake_categories')
      .values({ ...row, active: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  },

  async update(trx: Q, id: number, set: { name_zh: string; name_en: string; active: number }) {
    await trx.updateTable('intake_categories').set(set).where('id', '=', id).execute();
  },

  async remove(trx: Q, id: number) {
    await trx.deleteFrom('intake_categories').where('id', '=', id).execute();
  },

  /** Which of these codes at least one case carries (one index probe each, intake_cases_category_idx). */
  async usedByCases(db: Q, codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await db
      .selectFrom('intake_categories as c')
      .select('c.code')
      .where('c.code', 'in', codes)
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('intake_cases').select('id').whereRef('intake_cases.category', '=', 'c.code')),
      )
      .execute();
    return new Set(rows.map((r) => r.code));
  },

  /** How many cases and routing rules name the code (a deletion's check; the counts go in the refusal). */
  async uses(db: Q, code: string): Promise<{ cases: number; rules: number }> {
    const cases = await db
      .selectFrom('intake_cases')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('category', '=', code)
      .executeTakeFirstOrThrow();
    const rules = await db
      .selectFrom('intake_routing_rules')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('category', '=', code)
      .executeTakeFirstOrThrow();
    return { cases: Number(cases.n), rules: Number(rules.n) };
  },

  /** Routing rules naming any of these codes (the rules table is small: read whole). */
  async usedByRules(db: Q, codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await db
      .selectFrom('intake_routing_rules')
      .select('category')
      .distinct()
      .where('category', 'in', codes)
      .execute();
    return new Set(rows.flatMap((r) => (r.category ? [r.category] : [])));
  },
};
