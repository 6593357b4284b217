import { QuestionCircleOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Row, Segmented, Skeleton, Statistic, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatRate, recentShanghaiDays } from './notice-logic.ts';
import type { NoticeDashboard as Dashboard } from './notice-types.ts';

const NoticeDashboardCharts = lazy(() =>
  import('./NoticeDashboardCharts.tsx').then((m) => ({ default: m.NoticeDashboardCharts })),
);

const PERIODS = [30, 90, 365] as const;

/** The notice loop's figures for the home page: open and overdue, on-time rates, and the charts. */
export function NoticeDashboard() {
  const { t } = useI18n();
  const showError = useShowError();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(90);
  const [data, setData] = useState<Dashboard | null>(null);

  useEffect(() => {
    let current = true;
    setData(null);
    api
      .GET('/api/v1/notices/dashboard', { params: { query: recentShanghaiDays(new Date(), days) } })
      .then(({ data: d }) => {
        if (current) setData(d ?? null);
      })
      .catch(showError);
    return () => {
      current = false;
    };
  }, [days, showError]);

  const rate = (value: number | null | undefined) => formatRate(value) ?? t('noticeDash.noRate');
  const figures = [
    { key: 'open', title: t('noticeDash.open'), value: data ? String(data.open) : '', color: '#1668dc' },
    {
      key: 'overdue',
      title: t('noticeDash.overdue'),
      value: data ? String(data.overdue) : '',
      color: '#cf1322',
    },
    { key: 'signing', title: t('noticeDash.onTimeSigning'), value: data ? rate(data.onTimeSigningRate) : '' },
    {
      key: 'rectification',
      title: (
        <span>
          {t('noticeDash.onTimeRectification')}{' '}
          <Tooltip title={t('noticeDash.rateHint')}>
            <QuestionCircleOutlined />
          </Tooltip>
        </span>
      ),
      value: data ? rate(data.onTimeRectificationRate) : '',
    },
  ];

  const empty = data !== null && data.open === 0 && data.trend.every((p) => p.opened === 0 && p.closed === 0);
  return (
    <Flex vertical gap={16} data-testid="notice-dashboard">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('noticeDash.title')} · <Link to="/notices">{t('noticeDash.viewList')}</Link>
        </Typography.Title>
        <Segmented
          size="small"
          value={days}
          onChange={setDays}
          options={PERIODS.map((d) => ({ value: d, label: t('noticeDash.days', { days: d }) }))}
          data-testid="notice-dashboard-period"
        />
      </Flex>
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col xs={12} md={6} key={f.key}>
            <Card size="small" data-testid={`notice-stat-${f.key}`}>
              <Statistic
                title={f.title}
                value={f.value}
                loading={!data}
                styles={{ content: { color: f.color } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {!data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : empty ? (
        <Card size="small">
          <Empty description={t('noticeDash.empty')} />
        </Card>
      ) : (
        <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
          <NoticeDashboardCharts data={data} />
        </Suspense>
      )}
    </Flex>
  );
}
