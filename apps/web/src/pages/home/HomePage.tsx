import { AlertOutlined } from '@ant-design/icons';
import { Card, Col, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { Navigate } from 'react-router';
import { api } from '../../api/client.ts';
import type { AssetStats } from '../../api/types.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import type { MessageKey } from '../../i18n/catalogs.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { MonitoringSummaryCard } from '../monitoring/MonitoringSummaryCard.tsx';
import { NoticeDashboard } from '../notices/NoticeDashboard.tsx';

// ECharts is large: the figures render first, the charts chunk follows.
const DashboardCharts = lazy(() =>
  import('./DashboardCharts.tsx').then((m) => ({ default: m.DashboardCharts })),
);

const UPCOMING: { title: MessageKey; desc: MessageKey; icon: ReactNode }[] = [
  { title: 'home.eventsTitle', desc: 'home.eventsDesc', icon: <AlertOutlined /> },
];

/** Unit users work from their notice inbox; the office sees the dashboards. */
export function HomePage() {
  const me = useMe();
  if (me.abilities.unitInbox) return <Navigate to="/my-notices" replace />;
  return <OfficeHome />;
}

function OfficeHome() {
  const { t } = useI18n();
  const me = useMe();
  const showError = useShowError();
  const [stats, setStats] = useState<AssetStats | null>(null);

  useEffect(() => {
    api
      .GET('/api/v1/assets/stats')
      .then(({ data }) => setStats(data ?? null))
      .catch(showError);
  }, [showError]);

  const figures: { key: string; label: MessageKey; value: number | undefined; color?: string }[] = [
    { key: 'total', label: 'home.totalAssets', value: stats?.total, color: '#1668dc' },
    { key: 'website', label: 'home.websites', value: stats?.byKind.website },
    { key: 'system', label: 'home.systems', value: stats?.byKind.system },
    { key: 'cii', label: 'home.cii', value: stats?.cii, color: '#cf1322' },
  ];

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col xs={12} md={6} key={f.key}>
            <Card data-testid={`stat-${f.key}`}>
              <Statistic
                title={t(f.label)}
                value={f.value ?? 0}
                loading={!stats}
                styles={{ content: { color: f.color } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <div style={{ marginTop: 16 }}>
        {stats ? (
          <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
            <DashboardCharts stats={stats} />
          </Suspense>
        ) : (
          <Skeleton active paragraph={{ rows: 6 }} />
        )}
      </div>
      <div style={{ marginTop: 24 }}>
        <MonitoringSummaryCard />
      </div>
      <div style={{ marginTop: 24 }}>
        <NoticeDashboard />
      </div>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('home.upcoming')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {UPCOMING.map((u) => (
          <Col xs={24} md={12} key={u.title}>
            <Card
              data-testid="coming-soon"
              title={
                <span>
                  {u.icon} {t(u.title)}
                </span>
              }
              extra={<Tag color="orange">{t('common.comingSoon')}</Tag>}
              style={{ background: '#fafafa', borderStyle: 'dashed' }}
            >
              <Typography.Text type="secondary">{t(u.desc)}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
