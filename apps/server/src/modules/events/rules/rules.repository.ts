import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { SigmaRuleTable } from '../../../platform/db/schema-alerts.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface RuleFilter {
  q?: string;
  status?: string;
  origin?: string;
  enabled?: boolean;
  limit: number;
  offset: number;
}

/** Rules are office-wide (one engine per ingest process), so lists are not scoped by jurisdiction. */
export const rulesRepository = {
  find(db: Q, id: number) {
    return db.selectFrom('sigma_rules').selectAll().where('id', '=', id).executeTakeFirst();
  },
  findByKey(db: Q, ruleKey: string) {
    return db.selectFrom('sigma_rules').selectAll().where('rule_key', '=', ruleKey).executeTakeFirst();
  },
  async list(db: Q, f: RuleFilter) {
    let q = db.selectFrom('sigma_rules');
    if (f.q) {
      const like = `%${f.q.toLowerCase()}%`;
      q = q.where((eb) =>
        eb.or([eb(eb.fn('lower', ['title']), 'like', like), eb(eb.fn('lower', ['rule_key']), 'like', like)]),
      );
    }
    if (f.status) q = q.where('status', '=', f.status);
    if (f.origin) q = q.where('origin', '=', f.origin);
    if (f.enabled !== undefined) q = q.where('enabled', '=', f.enabled ? 1 : 0);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q
      .selectAll()
      .orderBy('title')
      .orderBy('id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items, total: Number(total.n) };
  },
  async counts(db: Q) {
    return db
      .selectFrom('sigma_rules')
      .select(['status', 'enabled', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['status', 'enabled'])
      .execute();
  },
  all(db: Q) {
    return db.selectFrom('sigma_rules').selectAll().orderBy('id').execute();
  },
  async insert(db: Q, row: Insertable<SigmaRuleTable>): Promise<number> {
    const r = await db.insertInto('sigma_rules').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },
  async updateIfVersion(db: Q, id: number, version: number, patch: Updateable<SigmaRuleTable>) {
    const r = await db
      .updateTable('sigma_rules')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async remove(db: Q, id: number) {
    await db.deleteFrom('sigma_rules').where('id', '=', id).execute();
  },
};

export type RuleRow = NonNullable<Awaited<ReturnType<typeof rulesRepository.find>>>;
