import { Card, Col, Row } from 'antd';
import { useMemo } from 'react';
import { EChart } from '../../charts/EChart.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import {
  type DashboardForCharts,
  severityBarOption,
  trendOption,
  unitBarOption,
} from './dashboard-options.ts';

/** The notice dashboard's charts; a lazy chunk, so ECharts loads only where a dashboard is shown. */
export function NoticeDashboardCharts({ data }: { data: DashboardForCharts }) {
  const { t } = useI18n();
  const options = useMemo(
    () => ({
      // Short axis labels (Ⅰ级 …): the full names overlap on narrow cards.
      severity: severityBarOption(data, (s) => t('noticeDash.severityShort', { level: s }), t),
      unit: unitBarOption(data, t),
      trend: trendOption(data, t),
    }),
    [data, t],
  );
  const unitHeight = Math.min(400, Math.max(200, Math.min(10, data.byUnit.length) * 36 + 48));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('noticeDash.bySeverity')}>
          <EChart option={options.severity} testId="chart-notice-severity" />
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card size="small" title={t('noticeDash.byUnit')}>
          <EChart option={options.unit} height={unitHeight} testId="chart-notice-unit" />
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t('noticeDash.trend')}>
          <EChart option={options.trend} height={260} testId="chart-notice-trend" />
        </Card>
      </Col>
    </Row>
  );
}
