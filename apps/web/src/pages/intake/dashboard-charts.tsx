import { Card, Col, Row } from 'antd';
import { useMemo } from 'react';
import { EChart } from '../../charts/EChart.tsx';
import type { Translate } from '../../i18n/catalogs.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { IntakeDashboard } from './intake-types.ts';

const AGES = ['d0_3', 'd4_7', 'd8_15', 'd16_30', 'd31_plus'] as const;
const AGE_COLOURS = ['#95de64', '#fadb14', '#fa8c16', '#f5222d', '#820014'];

/** Backlog per unit, stacked by age since dispatch, largest on top (at most `limit` units). */
export function backlogByUnitOption(d: IntakeDashboard, t: Translate, limit = 15) {
  const rows = d.backlog.byUnit.slice(0, limit).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: {
      left: 8,
      right: 24,
      top: 8,
      bottom: 32,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.unitName),
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: AGES.map((age, i) => ({
      type: 'bar',
      stack: 'age',
      name: t(`intake.age.${age}`),
      data: rows.map((r) => r[age]),
      barMaxWidth: 18,
      itemStyle: { color: AGE_COLOURS[i] },
    })),
  };
}

/** The whole backlog by age: where the 清零 work is. */
export function backlogByAgeOption(d: IntakeDashboard, t: Translate) {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        data: AGES.map((age, i) => ({
          name: t(`intake.age.${age}`),
          value: d.backlog.byAge[age],
          itemStyle: { color: AGE_COLOURS[i] },
        })),
      },
    ],
  };
}

/** The dashboard's charts; a lazy chunk, so ECharts loads only where a dashboard is shown. */
export function IntakeDashboardCharts({ data }: { data: IntakeDashboard }) {
  const { t } = useI18n();
  const options = useMemo(
    () => ({ unit: backlogByUnitOption(data, t), age: backlogByAgeOption(data, t) }),
    [data, t],
  );
  const height = Math.min(520, Math.max(200, Math.min(15, data.backlog.byUnit.length) * 30 + 60));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card size="small" title={t('intake.dash.byUnit')}>
          <EChart option={options.unit} height={height} testId="chart-intake-backlog-unit" />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('intake.dash.backlog')}>
          <EChart option={options.age} height={height} testId="chart-intake-backlog-age" />
        </Card>
      </Col>
    </Row>
  );
}
