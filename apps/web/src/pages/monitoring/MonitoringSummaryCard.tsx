import { MonitorOutlined } from '@ant-design/icons';
import { Card, Col, List, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { MONITOR_STATUSES, STATUS_COLOURS } from './monitoring-logic.ts';
import type { MonitoringSummary } from './monitoring-types.ts';

/** The dashboard's live monitoring figures (GET /monitoring/summary) with the units that need attention. */
export function MonitoringSummaryCard() {
  const { t, label } = useI18n();
  const showError = useShowError();
  const [summary, setSummary] = useState<MonitoringSummary | null>(null);

  useEffect(() => {
    api
      .GET('/api/v1/monitoring/summary')
      .then(({ data }) => setSummary(data ?? null))
      .catch(showError);
  }, [showError]);

  const worst = (summary?.byUnit ?? [])
    .filter((u) => u.down > 0 || u.openFindings > 0)
    .sort((a, b) => b.down - a.down || b.openFindings - a.openFindings)
    .slice(0, 5);

  return (
    <Card
      data-testid="monitoring-summary"
      title={
        <span>
          <MonitorOutlined /> {t('monitoring.summaryTitle')}
        </span>
      }
      extra={
        <Link to="/monitoring" data-testid="monitoring-summary-link">
          {t('monitoring.summaryLink')}
        </Link>
      }
    >
      <Row gutter={[8, 8]}>
        <Col xs={8} md={4}>
          <Statistic title={t('monitoring.total')} value={summary?.total ?? 0} loading={!summary} />
        </Col>
        {MONITOR_STATUSES.map((s) => (
          <Col xs={8} md={4} key={s}>
            <Statistic
              title={label('monitorStatus', s)}
              value={summary?.[s] ?? 0}
              loading={!summary}
              styles={{ content: { color: STATUS_COLOURS[s] } }}
              data-testid={`monitoring-summary-${s}`}
            />
          </Col>
        ))}
      </Row>
      {worst.length > 0 && (
        <>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>
            {t('monitoring.summaryUnits')}
          </Typography.Text>
          <List
            size="small"
            dataSource={worst}
            renderItem={(u) => (
              <List.Item key={u.unitId}>
                <span>{u.unitName}</span>
                <Typography.Text type={u.down > 0 ? 'danger' : 'secondary'}>
                  {t('monitoring.unitCounts', { total: u.total, down: u.down, findings: u.openFindings })}
                </Typography.Text>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
