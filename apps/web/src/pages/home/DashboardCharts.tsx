import { Card, Col, Empty, Row } from 'antd';
import { useMemo } from 'react';
import type { AssetStats } from '../../api/types.ts';
import { EChart } from '../../charts/EChart.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { kindPieOption, mlpsBarOption, regionBarOption } from './chart-options.ts';

export function DashboardCharts({ stats }: { stats: AssetStats }) {
  const { t, label } = useI18n();
  const options = useMemo(
    () => ({
      kind: kindPieOption(stats, (kind) => label('assetKind', kind)),
      mlps: mlpsBarOption(stats, t),
      region: regionBarOption(stats, t),
    }),
    [stats, t, label],
  );
  if (stats.total === 0) {
    return (
      <Card>
        <Empty description={t('home.noData')} />
      </Card>
    );
  }
  const regionHeight = Math.max(200, stats.byRegion.length * 32 + 24);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card title={t('home.byKind')}>
          <EChart option={options.kind} testId="chart-kind" />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('home.byMlps')}>
          <EChart option={options.mlps} testId="chart-mlps" />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('home.byRegion')}>
          <EChart option={options.region} height={Math.min(regionHeight, 400)} testId="chart-region" />
        </Card>
      </Col>
    </Row>
  );
}
