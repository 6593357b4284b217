import {
  Alert,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Input,
  Segmented,
  Select,
  Spin,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { QueryOf } from '../../api/types.ts';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { enumLabel } from '../../i18n/catalogs.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { type EventSource, pretty, type RawEvent, type RawEventDetail } from './sources-logic.ts';

type RawQuery = QueryOf<'/api/v1/events/raw', 'get'>;

const JSON_STYLE = { maxHeight: 480, overflow: 'auto', fontSize: 12, margin: 0 } as const;

async function loadRaw(query: RawQuery) {
  const { data } = await api.GET('/api/v1/events/raw', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** Search over the bounded store of recent raw events, with one event's normalised and original fields. */
export function RawEventsPage() {
  const { t, locale } = useI18n();
  const showError = useShowError();
  const [params] = useSearchParams();
  const initial = useMemo<RawQuery>(() => {
    const sourceId = Number(params.get('sourceId'));
    return { page: 1, pageSize: 50, ...(sourceId > 0 ? { sourceId } : {}) };
  }, [params]);
  const list = usePagedList(loadRaw, initial);
  const { query, setQuery } = list;
  const [sources, setSources] = useState<EventSource[]>([]);
  const [openId, setOpenId] = useState<number | null>(null);
  const [detail, setDetail] = useState<RawEventDetail | null>(null);

  useEffect(() => {
    api
      .GET('/api/v1/events/sources', { params: { query: { pageSize: 500 } } })
      .then(({ data }) => setSources(data?.items ?? []))
      .catch(showError);
  }, [showError]);

  useEffect(() => {
    if (openId === null) return;
    setDetail(null);
    api
      .GET('/api/v1/events/raw/{id}', { params: { path: { id: openId } } })
      .then(({ data }) => setDetail(data ?? null))
      .catch(showError);
  }, [openId, showError]);

  const columns: TableColumnsType<RawEvent> = [
    {
      title: t('raw.time'),
      dataIndex: 'timestamp',
      key: 'timestamp',
      width: 160,
      render: (v: string) => formatDateTime(v, true),
    },
    {
      title: t('raw.source'),
      key: 'source',
      width: 170,
      render: (_, e) => (
        <Flex vertical>
          <span>{e.sourceName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.unitName}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('raw.sourceIp'), dataIndex: 'sourceIp', key: 'sourceIp', width: 130, render: (v) => v ?? '—' },
    { title: t('raw.host'), dataIndex: 'hostName', key: 'hostName', width: 120, render: (v) => v ?? '—' },
    { title: t('raw.user'), dataIndex: 'userName', key: 'userName', width: 100, render: (v) => v ?? '—' },
    {
      title: t('raw.message'),
      key: 'message',
      ellipsis: true,
      render: (_, e) =>
        e.parseError ? (
          <span>
            <Tag color="orange">{t('raw.failedTag')}</Tag>
            {e.parseError}
          </span>
        ) : (
          (e.message ?? e.urlPath ?? e.eventAction ?? '—')
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex vertical>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('raw.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('raw.subtitle')}</Typography.Text>
      </Flex>
      <Card size="small">
        <Flex vertical gap={12}>
          <Flex wrap gap={8}>
            <Input.Search
              allowClear
              placeholder={t('raw.search')}
              style={{ width: 260 }}
              onSearch={(q) => setQuery({ q: q.trim() || undefined })}
              data-testid="raw-search"
            />
            <DatePicker.RangePicker
              showTime
              value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
              onChange={(range) =>
                setQuery({
                  from: range?.[0]?.toISOString() ?? undefined,
                  to: range?.[1]?.toISOString() ?? undefined,
                })
              }
            />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('raw.source')}
              style={{ width: 200 }}
              value={query.sourceId}
              options={sources.map((s) => ({
                value: s.id,
                label: `${s.name} (${enumLabel(locale, 'sourceKind', s.kind)})`,
              }))}
              onChange={(sourceId?: number) => setQuery({ sourceId })}
              data-testid="raw-source"
            />
            <Input
              allowClear
              placeholder={t('raw.sourceIp')}
              style={{ width: 150 }}
              onPressEnter={(e) => setQuery({ sourceIp: e.currentTarget.value.trim() || undefined })}
              onChange={(e) => {
                if (e.target.value === '') setQuery({ sourceIp: undefined });
              }}
            />
            <Input
              allowClear
              placeholder={t('raw.destinationIp')}
              style={{ width: 150 }}
              onPressEnter={(e) => setQuery({ destinationIp: e.currentTarget.value.trim() || undefined })}
              onChange={(e) => {
                if (e.target.value === '') setQuery({ destinationIp: undefined });
              }}
              data-testid="raw-destination-ip"
            />
            <Input
              allowClear
              placeholder={t('raw.host')}
              style={{ width: 140 }}
              onPressEnter={(e) => setQuery({ hostName: e.currentTarget.value.trim() || undefined })}
              onChange={(e) => {
                if (e.target.value === '') setQuery({ hostName: undefined });
              }}
            />
            <Input
              allowClear
              placeholder={t('raw.user')}
              style={{ width: 120 }}
              onPressEnter={(e) => setQuery({ userName: e.currentTarget.value.trim() || undefined })}
              onChange={(e) => {
                if (e.target.value === '') setQuery({ userName: undefined });
              }}
            />
            <Input
              allowClear
              placeholder={t('raw.action')}
              style={{ width: 130 }}
              onPressEnter={(e) => setQuery({ eventAction: e.currentTarget.value.trim() || undefined })}
              onChange={(e) => {
                if (e.target.value === '') setQuery({ eventAction: undefined });
              }}
              data-testid="raw-action"
            />
            <Segmented
              value={query.failed === undefined ? 'all' : query.failed ? 'failed' : 'parsed'}
              options={[
                { value: 'all', label: t('raw.allRecords') },
                { value: 'parsed', label: t('raw.onlyParsed') },
                { value: 'failed', label: t('raw.onlyFailed') },
              ]}
              onChange={(v) => setQuery({ failed: v === 'all' ? undefined : v === 'failed' })}
            />
          </Flex>
          <Table<RawEvent>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            scroll={{ x: 1000 }}
            locale={{ emptyText: <Empty description={t('raw.none')} /> }}
            onRow={(e) => ({ onClick: () => setOpenId(e.id), style: { cursor: 'pointer' } })}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: list.total,
              showSizeChanger: true,
              onChange: (page, pageSize) => setQuery({ page, pageSize }),
            }}
            data-testid="raw-table"
          />
        </Flex>
      </Card>
      <Drawer open={openId !== null} title={t('raw.detail')} size={720} onClose={() => setOpenId(null)}>
        {!detail ? (
          <Spin />
        ) : (
          <Flex vertical gap={12} data-testid="raw-detail">
            {detail.parseError && (
              <Alert type="warning" showIcon title={`${t('raw.parseError')}: ${detail.parseError}`} />
            )}
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('raw.source')}>{detail.sourceName}</Descriptions.Item>
              <Descriptions.Item label={t('sources.unit')}>{detail.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('raw.time')}>
                {formatDateTime(detail.timestamp, true)}
              </Descriptions.Item>
              <Descriptions.Item label={t('raw.received')}>
                {formatDateTime(detail.receivedAt, true)}
              </Descriptions.Item>
              <Descriptions.Item label={t('raw.sourceIp')}>{detail.sourceIp ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('raw.destinationIp')}>
                {detail.destinationIp ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('raw.host')}>{detail.hostName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('raw.user')}>{detail.userName ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Tabs
              items={[
                {
                  key: 'n',
                  label: t('raw.normalised'),
                  children: <pre style={JSON_STYLE}>{pretty(detail.event)}</pre>,
                },
                {
                  key: 'o',
                  label: t('raw.original'),
                  children: <pre style={JSON_STYLE}>{pretty(detail.original)}</pre>,
                },
                {
                  key: 'r',
                  label: t('raw.rawRecord'),
                  children: (
                    <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{detail.raw}</pre>
                  ),
                },
              ]}
            />
          </Flex>
        )}
      </Drawer>
    </Flex>
  );
}
