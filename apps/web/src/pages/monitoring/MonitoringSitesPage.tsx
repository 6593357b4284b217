import {
  App,
  Button,
  Flex,
  Grid,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { MonitoringFilters } from './MonitoringFilters.tsx';
import { MonitoringNav } from './MonitoringNav.tsx';
import { formatUptime, INTERVAL_CHOICES, intervalLabel } from './monitoring-logic.ts';
import type { BulkResult, MonitoredSite, SitesQuery } from './monitoring-types.ts';
import { StatusTag } from './StatusTag.tsx';

const FIRST: SitesQuery = { page: 1, pageSize: 50 };

async function loadSites(query: SitesQuery) {
  const { data } = await api.GET('/api/v1/monitoring/sites', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** The monitored sites as a table: filters, and bulk enable/disable and interval for the selected rows. */
export function MonitoringSitesPage() {
  const { t, locale } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const phone = Grid.useBreakpoint().md === false;
  const list = usePagedList(loadSites, FIRST);
  const { query, setQuery } = list;
  const [selected, setSelected] = useState<MonitoredSite[]>([]);
  const [intervalOpen, setIntervalOpen] = useState(false);
  const [interval, setIntervalValue] = useState<number>(60);
  const [busy, setBusy] = useState(false);
  const writable = selected.filter((s) => s.abilities.configure);

  const bulk = async (body: { enabled: boolean; intervalSeconds?: number }) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/monitoring/bulk', {
        body: { assetIds: writable.map((s) => s.assetId), ...body },
      });
      if (data) report(data);
      setSelected([]);
      setIntervalOpen(false);
      list.reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const report = (data: BulkResult) => {
    const failed = data.results.filter((r) => !r.ok);
    const summary = t('monitoring.bulkDone', {
      ok: data.results.length - failed.length,
      failed: failed.length,
    });
    if (failed.length === 0) {
      message.success(summary);
      return;
    }
    const names = new Map(selected.map((s) => [s.assetId, s.assetName]));
    modal.warning({
      title: summary,
      content: (
        <ul data-testid="monitoring-bulk-failures">
          {failed.map((r) => (
            <li key={r.assetId}>
              {t('monitoring.bulkFailed', {
                name: names.get(r.assetId) ?? `#${r.assetId}`,
                message: r.message ?? '',
              })}
            </li>
          ))}
        </ul>
      ),
    });
  };

  const columns: TableColumnsType<MonitoredSite> = [
    {
      title: t('monitoring.asset'),
      key: 'asset',
      width: 220,
      render: (_, s) => (
        <Link to={`/monitoring/sites/${s.monitorId}`} data-testid={`site-link-${s.monitorId}`}>
          {s.assetName}
        </Link>
      ),
    },
    { title: t('monitoring.unit'), dataIndex: 'unitName', key: 'unit', width: 180 },
    {
      title: t('monitoring.url'),
      dataIndex: 'url',
      key: 'url',
      width: 220,
      ellipsis: true,
    },
    {
      title: t('monitoring.status'),
      key: 'status',
      width: 90,
      render: (_, s) => <StatusTag status={s.status} />,
    },
    {
      title: t('monitoring.latency'),
      dataIndex: 'lastLatencyMs',
      key: 'latency',
      width: 100,
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : t('monitoring.ms', { n: v })),
    },
    {
      title: t('monitoring.uptime24h'),
      dataIndex: 'uptime24h',
      key: 'uptime24h',
      width: 110,
      align: 'right',
      render: (v: number | null) => formatUptime(v),
    },
    {
      title: t('monitoring.uptime7d'),
      dataIndex: 'uptime7d',
      key: 'uptime7d',
      width: 100,
      align: 'right',
      render: (v: number | null) => formatUptime(v),
    },
    {
      title: t('monitoring.openFindings'),
      dataIndex: 'openFindings',
      key: 'openFindings',
      width: 100,
      align: 'right',
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
    },
    {
      title: t('monitoring.interval'),
      dataIndex: 'intervalSeconds',
      key: 'interval',
      width: 100,
      render: (n: number) => intervalLabel(n, locale),
    },
    {
      title: t('monitoring.enabled'),
      dataIndex: 'enabled',
      key: 'enabled',
      width: 90,
      render: (on: boolean) => (on ? t('monitoring.on') : t('monitoring.off')),
    },
    {
      title: t('monitoring.lastRun'),
      dataIndex: 'lastRunAt',
      key: 'lastRunAt',
      width: 150,
      render: (v: string | null) => (v ? formatDateTime(v) : t('monitoring.never')),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('monitoring.title')}
        </Typography.Title>
        <MonitoringNav />
      </Flex>
      <MonitoringFilters query={query} setQuery={setQuery} phone={phone} testPrefix="sites" />
      {writable.length > 0 && (
        <Flex gap={8} align="center" wrap data-testid="sites-bulk-bar">
          <Typography.Text>{t('monitoring.bulkSelected', { n: writable.length })}</Typography.Text>
          <Button data-testid="sites-bulk-enable" loading={busy} onClick={() => void bulk({ enabled: true })}>
            {t('monitoring.bulkEnable')}
          </Button>
          <Button
            data-testid="sites-bulk-disable"
            loading={busy}
            onClick={() => void bulk({ enabled: false })}
          >
            {t('monitoring.bulkDisable')}
          </Button>
          <Button data-testid="sites-bulk-interval" onClick={() => setIntervalOpen(true)}>
            {t('monitoring.bulkInterval')}
          </Button>
        </Flex>
      )}
      <Table<MonitoredSite>
        data-testid="sites-table"
        rowKey="monitorId"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.items}
        scroll={{ x: 1400 }}
        rowSelection={{
          selectedRowKeys: selected.map((s) => s.monitorId),
          onChange: (_keys, rows) => setSelected(rows),
          getCheckboxProps: (s) => ({ disabled: !s.abilities.configure }),
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setQuery({ page, pageSize }),
        }}
      />
      <Modal
        open={intervalOpen}
        title={t('monitoring.bulkInterval')}
        onCancel={() => setIntervalOpen(false)}
        okText={t('monitoring.apply')}
        okButtonProps={{ loading: busy, 'data-testid': 'sites-interval-apply' }}
        onOk={() => void bulk({ enabled: true, intervalSeconds: interval })}
        destroyOnHidden
      >
        <Select
          data-testid="sites-interval"
          value={interval}
          onChange={setIntervalValue}
          style={{ width: '100%' }}
          options={INTERVAL_CHOICES.map((n) => ({ value: n, label: intervalLabel(n, locale) }))}
        />
      </Modal>
    </Space>
  );
}
