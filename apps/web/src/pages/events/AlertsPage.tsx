import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Input,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { compactQuery } from '../../components/table-query.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { shanghaiDayRange } from '../audit/audit-period.ts';
import { SeverityTag } from '../notices/NoticeTags.tsx';
import { AlertsChart } from './AlertsChart.tsx';
import { AlertStateTag, LevelTag } from './AlertTags.tsx';
import { ALERT_STATES, SIGMA_LEVELS, totals } from './alerts-logic.ts';
import { EventsNav } from './EventsNav.tsx';
import type { Alert, AlertAction, AlertOverview, AlertQuery } from './events-types.ts';

const FIRST: AlertQuery = { page: 1, pageSize: 20 };
const WEEK = 7 * 86_400_000;

async function loadAlerts(query: AlertQuery) {
  const { data } = await api.GET('/api/v1/events/alerts', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** Alerts of the caller's jurisdiction: counts, a chart by level over time, filters and bulk triage. */
export function AlertsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const list = usePagedList(loadAlerts, FIRST);
  const { query, setQuery } = list;
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [overview, setOverview] = useState<AlertOverview | null>(null);
  const [period, setPeriod] = useState<{ from: Date; to: Date }>(() => ({
    from: new Date(Date.now() - WEEK),
    to: new Date(),
  }));

  const { state: _s, level: _l, page: _p, pageSize: _ps, order: _o, sort: _so, ...overviewFilter } = query;
  const overviewKey = JSON.stringify(overviewFilter);
  const loadOverview = useCallback(async () => {
    const filter = JSON.parse(overviewKey) as Omit<AlertQuery, 'page' | 'pageSize'>;
    const to = filter.to ? new Date(filter.to) : new Date();
    const from = filter.from ? new Date(filter.from) : new Date(to.getTime() - WEEK);
    try {
      const { data } = await api.GET('/api/v1/events/alerts/overview', {
        params: { query: compactQuery({ ...filter, from: from.toISOString(), to: to.toISOString() }) },
      });
      if (data) {
        setOverview(data);
        setPeriod({ from, to });
      }
    } catch (err) {
      showError(err);
    }
  }, [overviewKey, showError]);
  useEffect(() => {
    void loadOverview();
  }, [loadOverview]);

  const bulk = async (action: AlertAction) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/events/alerts/bulk', { body: { ids: selected, action } });
      const ok = data?.results.filter((r) => r.ok).length ?? 0;
      message.success(t('alerts.bulkDone', { ok, failed: selected.length - ok }));
      setSelected([]);
      list.reload();
      void loadOverview();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const sum = totals(overview?.counts ?? []);
  const columns: TableColumnsType<Alert> = [
    {
      title: t('notices.titleField'),
      key: 'title',
      width: 280,
      render: (_, a) => (
        <Flex vertical>
          <Link to={`/events/alerts/${a.id}`} data-testid={`alert-link-${a.id}`}>
            {a.title}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`alerts.kind.${a.kind}`)} · {a.ruleKey}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('alerts.level'),
      dataIndex: 'level',
      key: 'level',
      width: 90,
      render: (l: string) => <LevelTag level={l} />,
    },
    {
      title: t('alerts.severity'),
      key: 'severity',
      width: 130,
      render: (_, a) => (
        <Space size={4}>
          <SeverityTag severity={a.severity} />
          {a.isCii && <Tag color="purple">{t('alerts.cii')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('alerts.state'),
      dataIndex: 'state',
      key: 'state',
      width: 100,
      render: (s: string) => <AlertStateTag state={s} />,
    },
    {
      title: t('alerts.unit'),
      key: 'unit',
      width: 180,
      render: (_, a) => (
        <Flex vertical>
          <span>{a.unitName ?? '—'}</span>
          {a.assetName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.assetName}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t('alerts.key'), dataIndex: 'groupKey', key: 'groupKey', width: 200, ellipsis: true },
    { title: t('alerts.count'), dataIndex: 'count', key: 'count', width: 80, align: 'right' },
    {
      title: t('alerts.lastSeen'),
      dataIndex: 'lastSeenAt',
      key: 'lastSeenAt',
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('alerts.title')}
        </Typography.Title>
        <EventsNav />
      </Flex>
      <Card size="small">
        <Flex gap={32} wrap>
          <Statistic title={t('alerts.countsAlerts')} value={sum.alerts} />
          <Statistic title={t('alerts.countsNew')} value={sum.new} valueStyle={{ color: '#cf1322' }} />
          <Statistic title={t('alerts.countsAck')} value={sum.acknowledged} />
          <Statistic title={t('alerts.countsDetections')} value={sum.detections} />
        </Flex>
      </Card>
      <Card size="small" title={t('alerts.chartTitle')}>
        {overview && <AlertsChart overview={overview} from={period.from} to={period.to} />}
      </Card>
      <Card size="small">
        <Flex vertical gap={12}>
          <Flex wrap gap={8}>
            <Input.Search
              allowClear
              placeholder={t('alerts.search')}
              style={{ width: 240 }}
              onSearch={(q) => setQuery({ q: q.trim() || undefined })}
              data-testid="alerts-search"
            />
            <Select
              allowClear
              placeholder={t('alerts.state')}
              style={{ width: 120 }}
              value={query.state}
              options={ALERT_STATES.map((s) => ({ value: s, label: t(`alerts.state.${s}`) }))}
              onChange={(state?: AlertQuery['state']) => setQuery({ state })}
              data-testid="alerts-filter-state"
            />
            <Select
              allowClear
              placeholder={t('alerts.level')}
              style={{ width: 110 }}
              value={query.level}
              options={SIGMA_LEVELS.map((l) => ({ value: l, label: t(`alerts.levelName.${l}`) }))}
              onChange={(level?: AlertQuery['level']) => setQuery({ level })}
              data-testid="alerts-filter-level"
            />
            <Input.Search
              allowClear
              placeholder={t('alerts.rule')}
              style={{ width: 200 }}
              onSearch={(r) => setQuery({ ruleKey: r.trim() || undefined })}
            />
            <UnitSelect
              placeholder={t('alerts.unit')}
              style={{ width: 200 }}
              onChange={(unitId) => setQuery({ unitId: unitId ?? undefined })}
            />
            <Select
              style={{ width: 170 }}
              value={query.sort ?? 'latest'}
              options={[
                { value: 'latest', label: t('alerts.sortLatest') },
                { value: 'severity', label: t('alerts.sortSeverity') },
              ]}
              onChange={(sort: 'latest' | 'severity') => setQuery({ sort })}
              data-testid="alerts-sort"
            />
            <DatePicker.RangePicker
              aria-label={t('alerts.time')}
              onChange={(_, days) => {
                const [fromDay, toDay] = days ?? ['', ''];
                const range = shanghaiDayRange(fromDay || null, toDay || null);
                setQuery({ from: range.from, to: range.to });
              }}
            />
          </Flex>
          {selected.length > 0 && (
            <Flex gap={8} align="center">
              <span>{t('alerts.selected', { n: selected.length })}</span>
              <Button loading={busy} onClick={() => void bulk('acknowledge')} data-testid="alerts-bulk-ack">
                {t('alerts.bulkAck')}
              </Button>
              <Button loading={busy} onClick={() => void bulk('false_positive')} data-testid="alerts-bulk-fp">
                {t('alerts.bulkFp')}
              </Button>
            </Flex>
          )}
          <Table<Alert>
            rowKey="id"
            size="small"
            loading={list.loading}
            columns={columns}
            dataSource={list.items}
            scroll={{ x: 1200 }}
            locale={{ emptyText: t('alerts.none') }}
            rowSelection={{
              selectedRowKeys: selected,
              onChange: (keys) => setSelected(keys.map(Number)),
              getCheckboxProps: (a) => ({ disabled: !a.abilities.acknowledge && !a.abilities.falsePositive }),
            }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: list.total,
              showSizeChanger: true,
              onChange: (page, pageSize) => setQuery({ page, pageSize }),
            }}
            data-testid="alerts-table"
          />
        </Flex>
      </Card>
    </Flex>
  );
}
