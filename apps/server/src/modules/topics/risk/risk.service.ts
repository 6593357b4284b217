import type { Locale } from '@shouwang/common';
import { isUnitRole } from '@shouwang/common';
import { formatShanghai } from '@shouwang/common/calendar/index';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import { inRegionSubtree } from '../../../platform/db/region-path.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { containsText } from '../../../platform/db/text-search.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import { topicsPolicy } from '../topics.policy.ts';
import { presentRisk } from '../topics.presenter.ts';
import { topicsRepository } from '../topics.repository.ts';
import { RISK_CHECK_KEYS, RISK_CHECKLIST } from './risk-checklist.ts';

export interface RiskInput {
  title: string;
  decisionRef?: string | null;
  decisionDate?: string | null;
  regionId: number;
  checklist: Array<{ key: string; result: 'low' | 'medium' | 'high' | 'na'; note: string }>;
  overallRisk: 'low' | 'medium' | 'high';
  conclusion: string;
  measures: string;
  topicId?: number | null;
}

const TEXT = {
  'zh-CN': {
    sheet: '舆情风险评估',
    heading: '重大事项舆情风险评估表',
    fields: {
      title: '评估事项',
      decisionRef: '决策文号',
      decisionDate: '决策日期',
      region: '所属区域',
      assessor: '评估人',
      createdAt: '评估时间',
      overall: '综合风险等级',
      conclusion: '评估结论',
      measures: '防范化解措施',
      topic: '关联话题',
    },
    checklist: ['序号', '评估要点', '风险等级', '说明'],
    results: { low: '低', medium: '中', high: '高', na: '不适用' },
    overall: { low: '低风险', medium: '中风险', high: '高风险' },
    fileName: '舆情风险评估',
  },
  'en-US': {
    sheet: 'Risk assessment',
    heading: 'Public opinion risk assessment of a major decision',
    fields: {
      title: 'Matter',
      decisionRef: 'Decision reference',
      decisionDate: 'Decision date',
      region: 'Region',
      assessor: 'Assessor',
      createdAt: 'Assessed at',
      overall: 'Overall risk',
      conclusion: 'Conclusion',
      measures: 'Measures',
      topic: 'Linked topic',
    },
    checklist: ['No.', 'Point', 'Risk', 'Note'],
    results: { low: 'Low', medium: 'Medium', high: 'High', na: 'N/A' },
    overall: { low: 'Low risk', medium: 'Medium risk', high: 'High risk' },
    fileName: 'risk-assessment',
  },
} as const;

export function riskText(locale: Locale) {
  return locale === 'en-US' ? TEXT['en-US'] : TEXT['zh-CN'];
}

/** Risk assessment records for major decisions: checklist-based, stored per region, exportable as XLSX. */
export function createRiskService(deps: { db: Kysely<Database>; now: () => Date }) {
  const { db, now } = deps;

  async function load(actor: Actor, id: number) {
    if (isUnitRole(actor.role)) throw AppError.notFound();
    const row = await db
      .selectFrom('topic_risk_assessments')
      .selectAll()
      .where('id', '=', id)
      .where(inRegionSubtree('region_path', actor.regionPath))
      .executeTakeFirst();
    if (!row) throw AppError.notFound();
    return row;
  }

  async function check(actor: Actor, input: RiskInput) {
    const region = await topicsRepository.regionInJurisdiction(db, actor, input.regionId);
    if (!region) throw AppError.notFound();
    const problems: Array<{ field: string; message: string }> = [];
    const seen = new Set<string>();
    input.checklist.forEach((c, i) => {
      if (!RISK_CHECK_KEYS.includes(c.key))
        problems.push({ field: `checklist/${i}/key`, message: `unknown checklist point "${c.key}"` });
      if (seen.has(c.key))
        problems.push({ field: `checklist/${i}/key`, message: `"${c.key}" is rated twice` });
      seen.add(c.key);
    });
    const missing = RISK_CHECK_KEYS.filter((k) => !seen.has(k));
    if (missing.length > 0)
      problems.push({
        field: 'checklist',
        message: `every point must be rated; missing: ${missing.join(', ')}`,
      });
    if (input.topicId) {
      const topic = await topicsRepository.findVisible(db, actor, false, input.topicId);
      if (!topic)
        problems.push({
          field: 'topicId',
          message: `topic ${input.topicId} was not found in your jurisdiction`,
        });
    }
    if (problems.length > 0) throw AppError.invalid(problems);
    return region;
  }

  function values(input: RiskInput, region: { id: number; path: string }) {
    return {
      region_id: region.id,
      region_path: region.path,
      title: input.title.trim(),
      decision_ref: input.decisionRef?.trim() || null,
      decision_date: input.decisionDate ?? null,
      checklist: JSON.stringify(input.checklist),
      overall_risk: input.overallRisk,
      conclusion: input.conclusion,
      measures: input.measures,
      topic_id: input.topicId ?? null,
    };
  }

  return {
    checklist() {
      return RISK_CHECKLIST.map((c) => ({ key: c.key, zh: c.zh, en: c.en }));
    },

    async list(actor: Actor, f: { q?: string; overallRisk?: string; limit: number; offset: number }) {
      if (!topicsPolicy.canRead(actor)) throw AppError.forbidden();
      const base = db
        .selectFrom('topic_risk_assessments')
        .where(inRegionSubtree('region_path', actor.regionPath))
        .$if(!!f.q, (qb) =>
          qb.where((eb) =>
            eb.or([containsText('title', f.q ?? ''), containsText('decision_ref', f.q ?? '')]),
          ),
        )
        .$if(!!f.overallRisk, (qb) => qb.where('overall_risk', '=', f.overallRisk ?? ''));
      const n = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await base.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
      return { items: rows.map((r) => presentRisk(actor, r)), total: Number(n.n) };
    },

    async get(actor: Actor, id: number) {
      return presentRisk(actor, await load(actor, id));
    },

    async create(actor: Actor, input: RiskInput) {
      if (!topicsPolicy.canRead(actor)) throw AppError.forbidden();
      const region = await check(actor, input);
      if (!topicsPolicy.canWork(actor)) throw AppError.forbidden();
      const at = now().toISOString();
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('topic_risk_assessments')
          .values({
            ...values(input, region),
            created_by: actor.userId,
            created_by_name: actor.displayName,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(trx, actor, {
          action: 'topic.risk_create',
          resourceType: 'topic_risk_assessment',
          resourceId: row.id,
          regionPath: region.path,
          after: { title: input.title, overallRisk: input.overallRisk },
        });
        return row.id;
      });
      return this.get(actor, id);
    },

    async update(actor: Actor, id: number, input: RiskInput) {
      const existing = await load(actor, id);
      if (!topicsPolicy.canWork(actor)) throw AppError.forbidden();
      const region = await check(actor, input);
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('topic_risk_assessments')
          .set({ ...values(input, region), updated_at: at })
          .where('id', '=', id)
          .execute();
        await appendAudit(trx, actor, {
          action: 'topic.risk_update',
          resourceType: 'topic_risk_assessment',
          resourceId: id,
          regionPath: region.path,
          before: { title: existing.title, overallRisk: existing.overall_risk },
          after: { title: input.title, overallRisk: input.overallRisk },
        });
      });
      return this.get(actor, id);
    },

    async remove(actor: Actor, id: number) {
      const existing = await load(actor, id);
      if (!topicsPolicy.canWork(actor)) throw AppError.forbidden();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('topic_risk_assessments').where('id', '=', id).execute();
        await appendAudit(trx, actor, {
          action: 'topic.risk_delete',
          resourceType: 'topic_risk_assessment',
          resourceId: id,
          regionPath: existing.region_path,
          before: { title: existing.title, overallRisk: existing.overall_risk },
        });
      });
    },

    /** One assessment as an XLSX sheet: the record's fields, then the rated checklist. */
    async exportXlsx(
      actor: Actor,
      id: number,
      locale: Locale,
    ): Promise<{ buffer: Buffer; fileName: string }> {
      const r = await load(actor, id);
      const t = riskText(locale);
      const region = await db
        .selectFrom('regions')
        .select('name')
        .where('id', '=', r.region_id)
        .executeTakeFirst();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(t.sheet);
      ws.columns = [{ width: 8 }, { width: 56 }, { width: 12 }, { width: 60 }];
      ws.addRow([t.heading]).font = { bold: true, size: 14 };
      ws.mergeCells(1, 1, 1, 4);
      const field = (label: string, value: string) => {
        const row = ws.addRow([label, value]);
        ws.mergeCells(row.number, 2, row.number, 4);
        row.getCell(1).font = { bold: true };
        row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
      };
      field(t.fields.title, r.title);
      field(t.fields.decisionRef, r.decision_ref ?? '');
      field(t.fields.decisionDate, r.decision_date ?? '');
      field(t.fields.region, region?.name ?? '');
      field(t.fields.assessor, r.created_by_name);
      field(t.fields.createdAt, formatShanghai(new Date(r.created_at)));
      field(t.fields.overall, t.overall[r.overall_risk as 'low' | 'medium' | 'high'] ?? r.overall_risk);
      field(t.fields.topic, r.topic_id ? `#${r.topic_id}` : '');
      ws.addRow([]);
      const head = ws.addRow([...t.checklist]);
      head.font = { bold: true };
      const checks = JSON.parse(r.checklist) as Array<{
        key: string;
        result: keyof typeof t.results;
        note: string;
      }>;
      RISK_CHECKLIST.forEach((point, i) => {
        const c = checks.find((x) => x.key === point.key);
        const row = ws.addRow([
          i + 1,
          locale === 'en-US' ? point.en : point.zh,
          c ? t.results[c.result] : '',
          c?.note ?? '',
        ]);
        row.alignment = { wrapText: true, vertical: 'top' };
      });
      ws.addRow([]);
      field(t.fields.conclusion, r.conclusion);
      field(t.fields.measures, r.measures);
      const buffer = Buffer.from(await wb.xlsx.writeBuffer());
      return { buffer, fileName: t.fileName };
    },
  };
}

export type RiskService = ReturnType<typeof createRiskService>;
