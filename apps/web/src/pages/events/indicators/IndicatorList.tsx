import { Empty, Flex, Input, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client.ts';
import { compactQuery } from '../../../components/table-query.ts';
import { usePagedList } from '../../../components/usePagedList.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { IndicatorDrawer } from './IndicatorDrawer.tsx';
import { INDICATOR_STATUSES, INDICATOR_TYPES, levelName, STATUS_COLOUR } from './intel-logic.ts';
import type { Feed, Indicator, IndicatorQuery } from './intel-types.ts';

const FIRST: IndicatorQuery = { page: 1, pageSize: 20 };

async function loadIndicators(query: IndicatorQuery) {
  const { data } = await api.GET('/api/v1/events/intel/indicators', {
    params: { query: compactQuery(query) },
  });
  return data ?? { items: [], total: 0 };
}

/** Indicators of every feed: search by value or name, filter by type, feed and status, paged on the server. */
export function IndicatorList() {
  const { t } = useI18n();
  const list = usePagedList(loadIndicators, FIRST);
  const { query, setQuery } = list;
  const [feeds, setFeeds] = useState<Feed[]>([]);
  const [openId, setOpenId] = useState<number | null>(null);
  useEffect(() => {
    api
      .GET('/api/v1/events/intel/feeds')
      .then(({ data }) => setFeeds(data?.items ?? []))
      .catch(() => setFeeds([]));
  }, []);
  const filtered = Boolean(query.q || query.type || query.feedId || query.status);

  const columns: TableColumnsType<Indicator> = [
    {
      title: t('intel.value'),
      key: 'value',
      ellipsis: true,
      render: (_, i) => (
        <Typography.Link onClick={() => setOpenId(i.id)} data-testid={`indicator-${i.id}`} code>
          {i.value}
        </Typography.Link>
      ),
    },
    {
      title: t('intel.type'),
      key: 'type',
      width: 100,
      render: (_, i) => <Tag>{t(`intel.type.${i.type as (typeof INDICATOR_TYPES)[number]}`)}</Tag>,
    },
    {
      title: t('intel.name'),
      dataIndex: 'name',
      key: 'name',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('intel.feed'), dataIndex: 'feedName', key: 'feed', width: 160, ellipsis: true },
    {
      title: t('intel.status'),
      key: 'status',
      width: 110,
      render: (_, i) => (
        <Tag color={STATUS_COLOUR[i.status]} data-testid={`indicator-status-${i.id}`}>
          {t(`intel.status.${i.status}`)}
        </Tag>
      ),
    },
    { title: t('intel.level'), key: 'level', width: 100, render: (_, i) => levelName(t, i.level) },
    {
      title: t('intel.expiresAt'),
      key: 'expires',
      width: 160,
      render: (_, i) => (i.expiresAt ? formatDateTime(i.expiresAt) : t('intel.never')),
    },
    {
      title: t('intel.updatedAt'),
      key: 'updated',
      width: 160,
      render: (_, i) => formatDateTime(i.updatedAt),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        <Input.Search
          allowClear
          placeholder={t('intel.search')}
          style={{ width: 320 }}
          defaultValue={query.q}
          onSearch={(q) => setQuery({ q: q.trim() || undefined })}
          data-testid="indicator-search"
        />
        <Select
          allowClear
          placeholder={t('intel.type')}
          style={{ width: 140 }}
          value={query.type}
          onChange={(type) => setQuery({ type })}
          options={INDICATOR_TYPES.map((v) => ({ value: v, label: t(`intel.type.${v}`) }))}
          data-testid="indicator-type"
        />
        <Select
          allowClear
          placeholder={t('intel.feed')}
          style={{ width: 200 }}
          value={query.feedId}
          onChange={(feedId) => setQuery({ feedId })}
          options={feeds.map((f) => ({ value: f.id, label: f.name }))}
          data-testid="indicator-feed"
        />
        <Select
          allowClear
          placeholder={t('intel.status')}
          style={{ width: 140 }}
          value={query.status}
          onChange={(status) => setQuery({ status })}
          options={INDICATOR_STATUSES.map((v) => ({ value: v, label: t(`intel.status.${v}`) }))}
          data-testid="indicator-status"
        />
      </Flex>
      <Table
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.items}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={filtered ? t('intel.noResult') : t('intel.none')}
            />
          ),
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.total,
          showSizeChanger: true,
          onChange: (page, pageSize) => setQuery({ page, pageSize }),
        }}
        data-testid="indicators-table"
      />
      <IndicatorDrawer id={openId} onClose={() => setOpenId(null)} />
    </Flex>
  );
}
