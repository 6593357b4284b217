import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { QueryOf } from '../../api/types.ts';
import { SecretModal } from '../../components/SecretModal.tsx';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { enumLabel } from '../../i18n/catalogs.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SourceFormDrawer } from './SourceFormDrawer.tsx';
import {
  dropRate,
  type EventSource,
  fillSeries,
  REFRESH_MS,
  SOURCE_KINDS,
  SOURCE_TRANSPORTS,
  type UnregisteredSender,
} from './sources-logic.ts';

const Sparkline = lazy(() => import('./SourceSparkline.tsx').then((m) => ({ default: m.SourceSparkline })));

type SourceQuery = QueryOf<'/api/v1/events/sources', 'get'>;
const FIRST: SourceQuery = { page: 1, pageSize: 20 };

async function loadSources(query: SourceQuery) {
  const { data } = await api.GET('/api/v1/events/sources', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** Registered event sources with live counters (re-read every few seconds) and unregistered senders. */
export function SourcesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const list = usePagedList(loadSources, FIRST);
  const { query, setQuery, reload } = list;
  const [editing, setEditing] = useState<EventSource | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [unregistered, setUnregistered] = useState<UnregisteredSender[] | null>(null);
  const [now, setNow] = useState(() => new Date());

  const loadUnregistered = useCallback(async () => {
    const res = await api.GET('/api/v1/events/unregistered').catch(() => null);
    // Only staff who manage sources may see them; others get 403 and no card.
    setUnregistered(res?.data?.items ?? null);
  }, []);

  useEffect(() => {
    void loadUnregistered();
    const timer = setInterval(() => {
      setNow(new Date());
      reload();
      void loadUnregistered();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload, loadUnregistered]);

  const remove = async (s: EventSource) => {
    try {
      await api.DELETE('/api/v1/events/sources/{id}', { params: { path: { id: s.id } } });
      message.success(t('sources.deleted'));
      reload();
    } catch (err) {
      showError(err);
    }
  };
  const rotate = async (s: EventSource) => {
    try {
      const { data } = await api.POST('/api/v1/events/sources/{id}/token', {
        params: { path: { id: s.id } },
      });
      if (data?.token) setSecret(data.token);
      reload();
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<EventSource> = [
    {
      title: t('sources.name'),
      key: 'name',
      width: 220,
      render: (_, s) => (
        <Flex vertical>
          <Space size={4}>
            <Typography.Text strong data-testid={`source-row-${s.id}`}>
              {s.name}
            </Typography.Text>
            {!s.enabled && <Tag>{t('sources.disabled')}</Tag>}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {enumLabel(locale, 'sourceKind', s.kind)} · {enumLabel(locale, 'sourceTransport', s.transport)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('sources.unit'),
      key: 'unit',
      width: 160,
      render: (_, s) => (
        <Flex vertical>
          <span>{s.unitName}</span>
          {s.assetName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.assetName}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: `${t('sources.lastHour')}: ${t('sources.received')} / ${t('sources.parsed')} / ${t('sources.failed')} / ${t('sources.dropped')}`,
      key: 'counts',
      width: 240,
      render: (_, s) => {
        const rate = dropRate(s.lastHour);
        return (
          <Flex vertical data-testid={`source-counts-${s.id}`}>
            <span>
              <b>{s.lastHour.received}</b> / {s.lastHour.parsed} /{' '}
              <Typography.Text type={s.lastHour.failed > 0 ? 'warning' : undefined}>
                {s.lastHour.failed}
              </Typography.Text>{' '}
              /{' '}
              <Typography.Text type={s.lastHour.dropped > 0 ? 'danger' : undefined}>
                {s.lastHour.dropped}
              </Typography.Text>
            </span>
            {rate > 0 && (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {t('sources.dropRate', { rate: `${(rate * 100).toFixed(1)}%` })}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
    {
      title: t('sources.trend'),
      key: 'trend',
      width: 180,
      render: (_, s) => (
        <Suspense fallback={null}>
          <Sparkline series={fillSeries(s.series, now)} />
        </Suspense>
      ),
    },
    {
      title: t('sources.lastEvent'),
      dataIndex: 'lastEventAt',
      key: 'lastEventAt',
      width: 140,
      render: (v: string | null) => (v ? formatDateTime(v) : t('sources.never')),
    },
    {
      title: t('sources.token'),
      key: 'token',
      width: 120,
      render: (_, s) => (s.tokenPrefix ? <Typography.Text code>{s.tokenPrefix}…</Typography.Text> : '—'),
    },
    {
      title: '',
      key: 'actions',
      width: 220,
      render: (_, s) => (
        <Space size={4} wrap>
          <Link to={`/events/raw?sourceId=${s.id}`}>{t('sources.viewEvents')}</Link>
          {s.abilities.edit && (
            <Button
              size="small"
              type="link"
              onClick={() => {
                setEditing(s);
                setFormOpen(true);
              }}
              data-testid={`source-edit-${s.id}`}
            >
              {t('common.edit')}
            </Button>
          )}
          {s.abilities.rotateToken && s.transport === 'http' && (
            <Popconfirm title={t('sources.rotateConfirm')} onConfirm={() => rotate(s)}>
              <Button size="small" type="link" data-testid={`source-rotate-${s.id}`}>
                {t('sources.rotateToken')}
              </Button>
            </Popconfirm>
          )}
          {s.abilities.delete && (
            <Popconfirm title={t('sources.deleteConfirm', { name: s.name })} onConfirm={() => remove(s)}>
              <Button size="small" type="link" danger data-testid={`source-delete-${s.id}`}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex vertical>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('sources.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('sources.subtitle')}</Typography.Text>
        </Flex>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(null);
            setFormOpen(true);
          }}
          data-testid="source-add"
        >
          {t('sources.add')}
        </Button>
      </Flex>
      <Card size="small">
        <Flex vertical gap={12}>
          <Flex wrap gap={8}>
            <Input.Search
              allowClear
              placeholder={t('sources.search')}
              style={{ width: 240 }}
              onSearch={(q) => setQuery({ q: q.trim() || undefined })}
              data-testid="sources-search"
            />
            <Select
              allowClear
              placeholder={t('sources.kind')}
              style={{ width: 170 }}
              value={query.kind}
              options={SOURCE_KINDS.map((k) => ({ value: k, label: enumLabel(locale, 'sourceKind', k) }))}
              onChange={(kind?: SourceQuery['kind']) => setQuery({ kind })}
            />
            <Select
              allowClear
              placeholder={t('sources.transport')}
              style={{ width: 150 }}
              value={query.transport}
              options={SOURCE_TRANSPORTS.map((k) => ({
                value: k,
                label: enumLabel(locale, 'sourceTransport', k),
              }))}
              onChange={(transport?: SourceQuery['transport']) => setQuery({ transport })}
            />
          </Flex>
          <Table<EventSource>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.items}
            loading={list.loading && list.items.length === 0}
            scroll={{ x: 1200 }}
            locale={{ emptyText: <Empty description={t('sources.none')} /> }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: list.total,
              showSizeChanger: true,
              onChange: (page, pageSize) => setQuery({ page, pageSize }),
            }}
            data-testid="sources-table"
          />
        </Flex>
      </Card>
      {unregistered && (
        <Card
          size="small"
          title={
            <Tooltip title={t('sources.unregisteredHelp')}>
              <span>{t('sources.unregistered')}</span>
            </Tooltip>
          }
        >
          <Table<UnregisteredSender>
            rowKey={(u) => `${u.address}|${u.transport}`}
            size="small"
            dataSource={unregistered}
            pagination={false}
            locale={{ emptyText: t('sources.unregisteredNone') }}
            columns={[
              { title: t('sources.address'), dataIndex: 'address', key: 'address', width: 180 },
              {
                title: t('sources.transport'),
                dataIndex: 'transport',
                key: 'transport',
                width: 120,
                render: (v: string) => enumLabel(locale, 'sourceTransport', v),
              },
              { title: t('sources.events'), dataIndex: 'events', key: 'events', width: 90, align: 'right' },
              {
                title: t('sources.lastSeen'),
                dataIndex: 'lastSeenAt',
                key: 'lastSeenAt',
                width: 150,
                render: (v: string) => formatDateTime(v),
              },
              { title: t('sources.sample'), dataIndex: 'sample', key: 'sample', ellipsis: true },
            ]}
            data-testid="unregistered-table"
          />
        </Card>
      )}
      <SourceFormDrawer
        open={formOpen}
        source={editing}
        onClose={() => setFormOpen(false)}
        onSaved={(token) => {
          setFormOpen(false);
          message.success(t('sources.saved'));
          if (token) setSecret(token);
          reload();
        }}
      />
      <SecretModal
        open={secret !== null}
        title={t('sources.tokenTitle')}
        warning={t('sources.tokenWarning')}
        secret={secret ?? ''}
        onClose={() => setSecret(null)}
        testId="source-token"
      />
    </Flex>
  );
}
