import { Empty } from 'antd';
import { type ChartOption, EChart } from '../../charts/EChart.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { LEVEL_COLOUR, seriesByLevel } from './alerts-logic.ts';
import type { AlertOverview } from './events-types.ts';

/** Alerts opened per hour or day, stacked by rule level. */
export function AlertsChart({ overview, from, to }: { overview: AlertOverview; from: Date; to: Date }) {
  const { t } = useI18n();
  const { unit, buckets, levels } = seriesByLevel(overview.series, from, to);
  if (levels.length === 0)
    return <Empty description={t('alerts.chartEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  // Buckets are UTC; label hours in Asia/Shanghai like every other time in the UI.
  const labelOf = (b: string) =>
    unit === 'hour'
      ? new Date(`${b}:00:00Z`).toLocaleString('zh-CN', {
          timeZone: 'Asia/Shanghai',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
        })
      : b.slice(5);
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: buckets.map(labelOf) },
    yAxis: { type: 'value', minInterval: 1 },
    series: levels.map((l) => ({
      type: 'bar',
      stack: 'alerts',
      name: t(`alerts.levelName.${l.level}`),
      itemStyle: { color: LEVEL_COLOUR[l.level] },
      data: l.data,
    })),
  };
  return <EChart option={option} height={220} testId="alerts-chart" />;
}
