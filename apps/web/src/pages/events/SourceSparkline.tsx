import { EChart } from '../../charts/EChart.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** Received and failed events per minute over the last hour, small enough for a table cell. */
export function SourceSparkline({
  series,
}: {
  series: ReadonlyArray<{ minute: string; received: number; failed: number; dropped: number }>;
}) {
  const { t } = useI18n();
  const option = {
    animation: false,
    grid: { left: 0, right: 0, top: 2, bottom: 2 },
    xAxis: { type: 'category', show: false, data: series.map((s) => s.minute.slice(11)) },
    yAxis: { type: 'value', show: false, min: 0 },
    tooltip: { trigger: 'axis', confine: true },
    series: [
      {
        name: t('sources.received'),
        type: 'line',
        showSymbol: false,
        areaStyle: { opacity: 0.15 },
        lineStyle: { width: 1 },
        data: series.map((s) => s.received),
      },
      {
        name: t('sources.failed'),
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1, color: '#fa8c16' },
        itemStyle: { color: '#fa8c16' },
        data: series.map((s) => s.failed),
      },
      {
        name: t('sources.dropped'),
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1, color: '#cf1322' },
        itemStyle: { color: '#cf1322' },
        data: series.map((s) => s.dropped),
      },
    ],
  };
  return <EChart option={option} height={36} />;
}
