import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SeverityTag } from '../notices/NoticeTags.tsx';
import { BaselineDiffModal } from './BaselineDiffModal.tsx';
import { MonitorAssetModal } from './MonitorAssetModal.tsx';
import { formatDuration, formatUptime, intervalLabel } from './monitoring-logic.ts';
import type { SiteBaseline, SiteDetail, SiteFinding, SiteOutage, SiteRuns } from './monitoring-types.ts';
import { SiteRenders } from './SiteRenders.tsx';
import { StatusTag } from './StatusTag.tsx';

// ECharts loads with this page only, after its figures.
const SiteCharts = lazy(() => import('./SiteCharts.tsx').then((m) => ({ default: m.SiteCharts })));

/**
 * One monitored site: status, charts, outages, open findings (raise a notice), what the rendering pass
 * saw (screenshots, hidden links), baselines and diffs.
 */
export function MonitorSitePage() {
  const { id } = useParams();
  const monitorId = Number(id);
  const { t, label, locale } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const showError = useShowError();
  const [site, setSite] = useState<SiteDetail | null>(null);
  const [runs, setRuns] = useState<SiteRuns | null>(null);
  const [running, setRunning] = useState(false);
  const [configuring, setConfiguring] = useState(false);
  const [diffPage, setDiffPage] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .GET('/api/v1/monitoring/sites/{monitorId}', { params: { path: { monitorId } } })
      .then(({ data }) => setSite(data ?? null))
      .catch(showError);
    api
      .GET('/api/v1/monitoring/sites/{monitorId}/runs', { params: { path: { monitorId } } })
      .then(({ data }) => setRuns(data ?? null))
      .catch(showError);
  }, [monitorId, showError]);
  useEffect(load, [load]);

  const runNow = async () => {
    setRunning(true);
    try {
      const { data } = await api.POST('/api/v1/monitoring/sites/{monitorId}/run', {
        params: { path: { monitorId } },
      });
      if (data?.skipped) message.info(t('monitoring.runSkipped', { reason: data.skipped }));
      else if (data) {
        message.success(
          t('monitoring.runDone', { status: label('monitorStatus', data.status), n: data.findings.length }),
        );
      }
      load();
    } catch (err) {
      showError(err);
    } finally {
      setRunning(false);
    }
  };

  const raise = async (f: SiteFinding) => {
    try {
      const { data } = await api.POST('/api/v1/findings/{id}/raise-notice', {
        params: { path: { id: f.findingId } },
        body: {},
      });
      if (!data) return;
      if (data.state === 'draft') {
        message.success(t('monitoring.raised'));
        navigate(`/notices/${data.id}/edit`);
      } else {
        message.info(t('monitoring.attached'));
        navigate(`/notices/${data.id}`);
      }
    } catch (err) {
      showError(err);
    }
  };

  if (!site) return <Skeleton active paragraph={{ rows: 10 }} />;
  const can = site.abilities;

  const findingColumns: TableColumnsType<SiteFinding> = [
    {
      title: t('monitoring.findingType'),
      key: 'type',
      render: (_, f) => (
        <Flex vertical>
          <span>{label('monitorFinding', f.type)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.title}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('notices.severity'),
      key: 'severity',
      width: 120,
      render: (_, f) => <SeverityTag severity={f.severity} />,
    },
    {
      title: t('monitoring.page'),
      key: 'page',
      width: 200,
      ellipsis: true,
      render: (_, f) => (f.isHomepage ? <Tag color="red">{t('monitoring.homepage')}</Tag> : f.pageUrl),
    },
    {
      title: t('monitoring.firstSeen'),
      key: 'first',
      width: 140,
      render: (_, f) => formatDateTime(f.firstSeenAt),
    },
    {
      title: t('monitoring.lastSeen'),
      key: 'last',
      width: 140,
      render: (_, f) => formatDateTime(f.lastSeenAt),
    },
    {
      title: t('monitoring.notice'),
      key: 'notice',
      width: 130,
      render: (_, f) =>
        f.noticeId ? (
          <Link to={`/notices/${f.noticeId}`} data-testid={`site-finding-notice-${f.findingId}`}>
            #{f.noticeId}
          </Link>
        ) : me.abilities.createNotices ? (
          <Button
            size="small"
            data-testid={`site-finding-raise-${f.findingId}`}
            onClick={() => void raise(f)}
          >
            {t('monitoring.raiseNotice')}
          </Button>
        ) : (
          '—'
        ),
    },
  ];

  const outageColumns: TableColumnsType<SiteOutage> = [
    {
      title: t('monitoring.outageKind'),
      key: 'kind',
      width: 110,
      render: (_, o) => (
        <Tag color={o.kind === 'defaced' ? 'volcano' : 'red'}>{label('outageKind', o.kind)}</Tag>
      ),
    },
    {
      title: t('monitoring.page'),
      key: 'page',
      ellipsis: true,
      render: (_, o) => (o.isHomepage ? t('monitoring.homepage') : o.pageUrl),
    },
    {
      title: t('monitoring.outageStart'),
      key: 'start',
      width: 150,
      render: (_, o) => formatDateTime(o.firstSeenAt),
    },
    {
      title: t('monitoring.outageEnd'),
      key: 'end',
      width: 150,
      render: (_, o) =>
        o.resolvedAt ? formatDateTime(o.resolvedAt) : <Tag color="red">{t('monitoring.outageOngoing')}</Tag>,
    },
    {
      title: t('monitoring.outageDuration'),
      key: 'duration',
      width: 130,
      render: (_, o) => (
        <span data-testid={`outage-duration-${o.id}`}>{formatDuration(o.durationSeconds, locale)}</span>
      ),
    },
  ];

  const baselineColumns: TableColumnsType<SiteBaseline> = [
    { title: t('monitoring.page'), dataIndex: 'pageUrl', key: 'page', ellipsis: true },
    {
      title: t('monitoring.baselines'),
      key: 'accepted',
      render: (_, b) =>
        t('monitoring.baselineAccepted', { at: formatDateTime(b.acceptedAt), by: b.acceptedByName }),
    },
    {
      title: t('monitoring.status'),
      key: 'pending',
      width: 220,
      render: (_, b) =>
        b.hasPendingChange ? (
          <Space>
            <Tag color="volcano">{t('monitoring.pendingChange')}</Tag>
            <Button size="small" data-testid="baseline-view-diff" onClick={() => setDiffPage(b.pageUrl)}>
              {t('monitoring.viewDiff')}
            </Button>
          </Space>
        ) : (
          <Tag>{t('monitoring.noChange')}</Tag>
        ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="monitor-site">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space wrap>
          <Link to="/monitoring">{t('common.back')}</Link>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="site-name">
            {site.assetName}
          </Typography.Title>
          <StatusTag status={site.status} />
        </Space>
        <Space wrap>
          {can.configure && (
            <Button data-testid="site-configure" onClick={() => setConfiguring(true)}>
              {t('monitoring.configure')}
            </Button>
          )}
          {can.run && (
            <Button type="primary" loading={running} data-testid="site-run-now" onClick={() => void runNow()}>
              {t('monitoring.runNow')}
            </Button>
          )}
        </Space>
      </Flex>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('monitoring.url')}>
            <Typography.Text copyable>{site.url}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.unit')}>{site.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('monitoring.interval')}>
            {intervalLabel(site.intervalSeconds, locale)} ·{' '}
            {site.enabled ? t('monitoring.on') : t('monitoring.off')}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.latency')}>
            {site.lastLatencyMs === null ? '—' : t('monitoring.ms', { n: site.lastLatencyMs })}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.uptime24h')}>
            {formatUptime(site.uptime24h)}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.uptime7d')}>
            {formatUptime(site.uptime7d)}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.lastRun')}>
            {site.lastRunAt ? formatDateTime(site.lastRunAt, true) : t('monitoring.never')}
          </Descriptions.Item>
          <Descriptions.Item label={t('monitoring.nextRun')}>
            {site.nextRunAt ? formatDateTime(site.nextRunAt, true) : '—'}
          </Descriptions.Item>
          {site.lastError && (
            <Descriptions.Item label="">
              <Typography.Text type="danger">
                {t('monitoring.lastError', { error: site.lastError })}
              </Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('monitoring.findings')}>
        <Table<SiteFinding>
          data-testid="site-findings"
          rowKey="findingId"
          size="small"
          columns={findingColumns}
          dataSource={site.openFindings}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('monitoring.noFindings') }}
        />
      </Card>
      <SiteRenders renders={site.renders} />
      {runs ? (
        <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
          <SiteCharts runs={runs} />
        </Suspense>
      ) : (
        <Skeleton active paragraph={{ rows: 6 }} />
      )}
      <Card size="small" title={t('monitoring.outages')}>
        <Table<SiteOutage>
          data-testid="site-outages"
          rowKey="id"
          size="small"
          columns={outageColumns}
          dataSource={site.outages}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 700 }}
          locale={{ emptyText: t('monitoring.noOutages') }}
        />
      </Card>
      <Card size="small" title={t('monitoring.baselines')}>
        <Table<SiteBaseline>
          data-testid="site-baselines"
          rowKey="pageUrl"
          size="small"
          columns={baselineColumns}
          dataSource={site.baselines}
          pagination={false}
          scroll={{ x: 700 }}
        />
      </Card>
      {configuring && (
        <MonitorAssetModal
          assetId={site.assetId}
          assetName={site.assetName}
          initial={{ enabled: site.enabled, intervalSeconds: site.intervalSeconds }}
          onClose={() => setConfiguring(false)}
          onSaved={(detail) => {
            setSite(detail);
            setConfiguring(false);
          }}
        />
      )}
      {diffPage && (
        <BaselineDiffModal
          monitorId={monitorId}
          pageUrl={diffPage}
          canAccept={Boolean(can.acceptBaseline)}
          onClose={() => setDiffPage(null)}
          onAccepted={() => {
            setDiffPage(null);
            load();
          }}
        />
      )}
    </Space>
  );
}
