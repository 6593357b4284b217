import type { Writable } from 'node:stream';
import type { Locale } from '@shouwang/common';
import { formatShanghai } from '@shouwang/common/calendar/index';
import ExcelJS from 'exceljs';
import type { IntakeDashboard } from './intake-dashboard.service.ts';

const TEXT = {
  'zh-CN': {
    backlog: '积压（清零）',
    kpis: '考核指标',
    period: '统计区间',
    all: '合计',
    backlogColumns: {
      unitName: '单位',
      total: '积压件数',
      overdue: '逾期',
      supervised: '督办中',
      d0_3: '0–3 天',
      d4_7: '4–7 天',
      d8_15: '8–15 天',
      d16_30: '16–30 天',
      d31_plus: '31 天以上',
      oldestDispatchedAt: '最早派单时间',
    },
    kpiColumns: {
      unitName: '单位',
      dispatched: '派单数',
      onTimeSigningRate: '按时签收率',
      completed: '办结数',
      openOverdue: '未办结且已逾期',
      onTimeCompletionRate: '按时办结率',
      followUpRate: '回访率',
      completedAnonymous: '匿名办结数（不计回访率）',
      satisfactionRate: '满意率',
      ratings: '有效评价数',
      reassignRate: '改派率',
      returnRate: '退回率',
      rehandled: '重办数',
    },
  },
  'en-US': {
    backlog: 'Backlog',
    kpis: 'KPIs',
    period: 'Period',
    all: 'All units',
    backlogColumns: {
      unitName: 'Unit',
      total: 'Open cases',
      overdue: 'Overdue',
      supervised: 'Supervised',
      d0_3: '0–3 days',
      d4_7: '4–7 days',
      d8_15: '8–15 days',
      d16_30: '16–30 days',
      d31_plus: '31+ days',
      oldestDispatchedAt: 'Oldest dispatch',
    },
    kpiColumns: {
      unitName: 'Unit',
      dispatched: 'Dispatched',
      onTimeSigningRate: 'On-time signing',
      completed: 'Completed',
      openOverdue: 'Open and overdue',
      onTimeCompletionRate: 'On-time completion',
      followUpRate: 'Follow-up rate',
      completedAnonymous: 'Completed, anonymous (not in follow-up rate)',
      satisfactionRate: 'Satisfaction',
      ratings: 'Valid ratings',
      reassignRate: 'Reassignment rate',
      returnRate: 'Return rate',
      rehandled: 'Re-handled',
    },
  },
} as const;

const RATE_KEYS = new Set([
  'onTimeSigningRate',
  'onTimeCompletionRate',
  'followUpRate',
  'satisfactionRate',
  'reassignRate',
  'returnRate',
]);

/** Writes the backlog and KPI tables as two sheets; rates as percentages, times in China time. */
export async function writeDashboardXlsx(out: Writable, locale: Locale, d: IntakeDashboard): Promise<void> {
  const t = TEXT[locale];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });

  const backlog = workbook.addWorksheet(t.backlog, { views: [{ state: 'frozen', ySplit: 1 }] });
  backlog.columns = Object.entries(t.backlogColumns).map(([key, header]) => ({
    header,
    key,
    width: key === 'unitName' ? 30 : key === 'oldestDispatchedAt' ? 26 : 12,
  }));
  backlog.getRow(1).font = { bold: true };
  backlog.getRow(1).commit();
  for (const r of d.backlog.byUnit) {
    backlog
      .addRow({
        ...r,
        oldestDispatchedAt: r.oldestDispatchedAt ? formatShanghai(new Date(r.oldestDispatchedAt)) : '',
      })
      .commit();
  }
  backlog
    .addRow({
      unitName: t.all,
      total: d.backlog.total,
      overdue: d.backlog.overdue,
      supervised: d.backlog.supervised,
      ...d.backlog.byAge,
    })
    .commit();
  backlog.commit();

  const kpis = workbook.addWorksheet(t.kpis, { views: [{ state: 'frozen', ySplit: 1 }] });
  kpis.columns = Object.entries(t.kpiColumns).map(([key, header]) => ({
    header,
    key,
    width: key === 'unitName' ? 30 : 14,
    style: RATE_KEYS.has(key) ? { numFmt: '0.0%' } : {},
  }));
  kpis.getRow(1).font = { bold: true };
  kpis.getRow(1).commit();
  const cells = (r: Record<string, unknown>) =>
    Object.fromEntries(Object.keys(t.kpiColumns).map((k) => [k, r[k] ?? '']));
  for (const r of d.kpisByUnit) kpis.addRow(cells(r)).commit();
  kpis.addRow(cells({ ...d.kpis, unitName: t.all })).commit();
  kpis.addRow({ unitName: `${t.period}: ${d.from} – ${d.to}` }).commit();
  kpis.commit();
  await workbook.commit();
}
