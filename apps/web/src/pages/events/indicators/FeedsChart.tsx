import { Typography } from 'antd';
import { type ChartOption, EChart } from '../../../charts/EChart.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import type { Feed } from './intel-types.ts';

/** Active and other indicators per feed, stacked: which feeds the detector actually relies on. */
export function FeedsChart({ feeds }: { feeds: Feed[] }) {
  const { t } = useI18n();
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 0 },
    grid: { left: 120, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: feeds.map((f) => f.name) },
    series: [
      {
        type: 'bar',
        stack: 'n',
        name: t('intel.feeds.active'),
        itemStyle: { color: '#52c41a' },
        data: feeds.map((f) => f.activeIndicators),
      },
      {
        type: 'bar',
        stack: 'n',
        name: t('intel.feeds.inactive'),
        itemStyle: { color: '#bfbfbf' },
        data: feeds.map((f) => f.indicators - f.activeIndicators),
      },
    ],
  };
  return (
    <div>
      <Typography.Text strong>{t('intel.feeds.chartTitle')}</Typography.Text>
      <EChart option={option} height={Math.max(140, 40 + feeds.length * 32)} testId="feeds-chart" />
    </div>
  );
}
