import { Card, Col, Empty, Row } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { SiteRuns } from './monitoring-types.ts';

// Loaded only by the site page (a lazy chunk): line and bar charts with zoom over the run history.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

function Chart({ option, testId }: { option: echarts.EChartsCoreOption; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height: 260 }} data-testid={testId} />;
}

/** Response time of every run (failed runs marked red) and hourly uptime. */
export function SiteCharts({ runs }: { runs: SiteRuns }) {
  const { t } = useI18n();
  const latency = useMemo(
    () => ({
      grid: { left: 48, right: 16, top: 16, bottom: 56 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: runs.items.map((r) => formatDateTime(r.at, true)) },
      yAxis: { type: 'value', name: 'ms' },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
      series: [
        {
          type: 'line',
          name: t('monitoring.latencySeries'),
          showSymbol: runs.items.length < 60,
          data: runs.items.map((r) => ({
            value: r.latencyMs,
            itemStyle: { color: r.ok ? '#1677ff' : '#cf1322' },
            symbol: r.ok ? 'none' : 'circle',
          })),
        },
      ],
    }),
    [runs, t],
  );
  const uptime = useMemo(
    () => ({
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: runs.hourly.map((h) => formatDateTime(h.hour)) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          type: 'bar',
          name: t('monitoring.uptimeSeries'),
          data: runs.hourly.map((h) => {
            const pct = h.checks > 0 ? Math.round((h.up / h.checks) * 1000) / 10 : 0;
            return {
              value: pct,
              itemStyle: { color: pct >= 99 ? '#389e0d' : pct >= 90 ? '#d48806' : '#cf1322' },
            };
          }),
        },
      ],
    }),
    [runs, t],
  );
  if (runs.items.length === 0) {
    return (
      <Card title={t('monitoring.charts')}>
        <Empty description={t('monitoring.noRuns')} />
      </Card>
    );
  }
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('monitoring.latencySeries')}>
          <Chart option={latency} testId="chart-latency" />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('monitoring.uptimeSeries')}>
          <Chart option={uptime} testId="chart-uptime" />
        </Card>
      </Col>
    </Row>
  );
}
