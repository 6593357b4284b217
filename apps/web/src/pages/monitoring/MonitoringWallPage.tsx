import {
  Card,
  Col,
  Empty,
  Flex,
  Grid,
  List,
  Pagination,
  Row,
  Space,
  Spin,
  Statistic,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { MonitoringFilters } from './MonitoringFilters.tsx';
import { MonitoringNav } from './MonitoringNav.tsx';
import { formatUptime, groupByUnit, MONITOR_STATUSES, STATUS_COLOURS } from './monitoring-logic.ts';
import type { MonitoredSite, MonitoringSummary, MonitorStatus, SitesQuery } from './monitoring-types.ts';
import { StatusTag } from './StatusTag.tsx';

// 500 tiles a page (the API's largest page): 2,000 sites are four pages, each drawn as plain divs.
const WALL_PAGE = 500;
const FIRST: SitesQuery = { page: 1, pageSize: WALL_PAGE };
const REFRESH_MS = 30_000;

async function loadSites(query: SitesQuery) {
  const { data } = await api.GET('/api/v1/monitoring/sites', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** All monitored sites as colour tiles grouped by unit, with counts and filters; a list on phones. */
export function MonitoringWallPage() {
  const { t, label } = useI18n();
  const showError = useShowError();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const list = usePagedList(loadSites, FIRST);
  const { query, setQuery, reload } = list;
  const [summary, setSummary] = useState<MonitoringSummary | null>(null);

  const loadSummary = useCallback(() => {
    api
      .GET('/api/v1/monitoring/summary')
      .then(({ data }) => setSummary(data ?? null))
      .catch(showError);
  }, [showError]);
  useEffect(() => {
    loadSummary();
    const timer = setInterval(() => {
      loadSummary();
      reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [loadSummary, reload]);

  const groups = useMemo(() => groupByUnit(list.items), [list.items]);
  const byUnit = useMemo(() => new Map((summary?.byUnit ?? []).map((u) => [u.unitId, u])), [summary]);
  const open = (s: MonitoredSite) => navigate(`/monitoring/sites/${s.monitorId}`);

  const counts: { key: 'total' | MonitorStatus; value: number | undefined }[] = [
    { key: 'total', value: summary?.total },
    ...MONITOR_STATUSES.map((s) => ({ key: s, value: summary?.[s] })),
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('monitoring.title')}
        </Typography.Title>
        <MonitoringNav />
      </Flex>
      <Row gutter={[12, 12]}>
        {counts.map((c) => {
          const active = c.key === 'total' ? !query.status : query.status === c.key;
          return (
            <Col xs={8} md={4} key={c.key}>
              <Card
                size="small"
                hoverable
                data-testid={`wall-count-${c.key}`}
                onClick={() => setQuery({ status: c.key === 'total' ? undefined : c.key })}
                style={{ borderColor: active ? '#1677ff' : undefined }}
              >
                <Statistic
                  title={c.key === 'total' ? t('monitoring.total') : label('monitorStatus', c.key)}
                  value={c.value ?? 0}
                  loading={!summary}
                  styles={{ content: { color: c.key === 'total' ? undefined : STATUS_COLOURS[c.key] } }}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      <MonitoringFilters query={query} setQuery={setQuery} phone={phone} testPrefix="wall" />
      <Spin spinning={list.loading}>
        {list.items.length === 0 && !list.loading ? (
          <Card>
            <Empty description={t('monitoring.noSites')} />
          </Card>
        ) : phone ? (
          <List
            data-testid="wall-list"
            dataSource={list.items}
            renderItem={(s) => (
              <List.Item
                key={s.monitorId}
                data-testid={`wall-item-${s.monitorId}`}
                onClick={() => open(s)}
                style={{ cursor: 'pointer', background: '#fff', padding: '10px 12px' }}
              >
                <List.Item.Meta
                  title={s.assetName}
                  description={`${s.unitName} · ${s.lastLatencyMs ?? '—'} ms · ${formatUptime(s.uptime24h)}${
                    s.openFindings > 0 ? ` · ⚠ ${s.openFindings}` : ''
                  }`}
                />
                <StatusTag status={s.status} />
              </List.Item>
            )}
          />
        ) : (
          <div
            data-testid="status-wall"
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(330px, 1fr))', gap: 12 }}
          >
            {groups.map((g) => {
              const unit = byUnit.get(g.unitId);
              return (
                <Card
                  key={g.unitId}
                  size="small"
                  // Small units sit side by side; a unit with many sites takes the whole row.
                  style={{ gridColumn: g.sites.length > 6 ? '1 / -1' : undefined }}
                  data-testid={`wall-unit-${g.unitId}`}
                  title={g.unitName}
                  extra={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('monitoring.unitCounts', {
                        total: unit?.total ?? g.sites.length,
                        down: unit?.down ?? g.down,
                        findings: unit?.openFindings ?? 0,
                      })}
                    </Typography.Text>
                  }
                >
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                    {g.sites.map((s) => (
                      <button
                        type="button"
                        key={s.monitorId}
                        data-testid={`wall-tile-${s.monitorId}`}
                        data-status={s.status}
                        title={`${s.assetName}\n${s.url}\n${t('monitoring.tileTip', {
                          status: label('monitorStatus', s.status),
                          latency: s.lastLatencyMs === null ? '—' : `${s.lastLatencyMs} ms`,
                          uptime: formatUptime(s.uptime24h),
                        })}`}
                        onClick={() => open(s)}
                        style={{
                          width: 150,
                          height: 48,
                          border: 0,
                          borderRadius: 4,
                          cursor: 'pointer',
                          color: '#fff',
                          background: STATUS_COLOURS[s.status],
                          padding: '4px 8px',
                          textAlign: 'left',
                          fontSize: 12,
                          lineHeight: '20px',
                          overflow: 'hidden',
                          opacity: s.enabled ? 1 : 0.45,
                        }}
                      >
                        <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                          {s.assetName}
                        </div>
                        <div>
                          {s.lastLatencyMs === null ? '—' : `${s.lastLatencyMs} ms`}
                          {s.openFindings > 0 ? ` · ⚠ ${s.openFindings}` : ''}
                        </div>
                      </button>
                    ))}
                  </div>
                </Card>
              );
            })}
          </div>
        )}
      </Spin>
      {list.total > WALL_PAGE && (
        <Flex justify="space-between" align="center" wrap>
          <Typography.Text type="secondary">
            {t('monitoring.shownOf', { shown: list.items.length, total: list.total })}
          </Typography.Text>
          <Pagination
            data-testid="wall-pages"
            current={query.page}
            pageSize={WALL_PAGE}
            total={list.total}
            showSizeChanger={false}
            onChange={(page) => setQuery({ page })}
          />
        </Flex>
      )}
    </Space>
  );
}
