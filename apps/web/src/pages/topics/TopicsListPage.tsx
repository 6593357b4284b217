import { Checkbox, Flex, Input, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { TopicsHeader } from './TopicsNav.tsx';
import { Duration, RiskTag, StateTag } from './TopicTags.tsx';
import type { TopicSummary, TopicsQuery } from './topic-types.ts';

const FIRST: TopicsQuery = { page: 1, pageSize: 20 };

async function loadTopics(query: TopicsQuery) {
  const { data } = await api.GET('/api/v1/topics', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** Every topic of the jurisdiction: search, filter by state, risk level and alerts, paged on the server. */
export function TopicsListPage() {
  const { t } = useI18n();
  const list = usePagedList(loadTopics, FIRST);
  const { query, setQuery } = list;
  const columns: TableColumnsType<TopicSummary> = [
    {
      title: t('topics.col.title'),
      key: 'title',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/topics/${r.id}`} data-testid={`topic-link-${r.id}`}>
            {r.title}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.keywords.join(' · ')}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('topics.col.state'), key: 'state', width: 80, render: (_, r) => <StateTag state={r.state} /> },
    { title: t('topics.col.items'), dataIndex: 'itemCount', key: 'items', width: 70, align: 'right' },
    { title: t('topics.col.peak'), dataIndex: 'peakCount', key: 'peak', width: 70, align: 'right' },
    { title: t('topics.col.alerts'), dataIndex: 'alertCount', key: 'alerts', width: 70, align: 'right' },
    {
      title: t('topics.col.regions'),
      key: 'regions',
      width: 160,
      render: (_, r) =>
        r.regions
          .slice(0, 3)
          .map((g) => g.name)
          .join('、'),
    },
    {
      title: t('topics.col.risk'),
      key: 'risk',
      width: 130,
      render: (_, r) => <RiskTag level={r.riskLevel} />,
    },
    {
      title: t('topics.col.response'),
      key: 'ttfr',
      width: 100,
      render: (_, r) => <Duration minutes={r.timeToFirstResponseMinutes} />,
    },
    {
      title: t('topics.col.lastSeen'),
      dataIndex: 'lastSeenAt',
      key: 'lastSeen',
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <TopicsHeader />
      <Flex gap={8} wrap>
        <Input.Search
          allowClear
          placeholder={t('topics.search')}
          style={{ width: 260 }}
          onSearch={(q) => setQuery({ q: q.trim() || undefined })}
          data-testid="topics-search"
        />
        <Select
          allowClear
          mode="multiple"
          placeholder={t('topics.filterState')}
          style={{ minWidth: 160 }}
          onChange={(v: string[]) => setQuery({ state: v.length ? v.join(',') : undefined })}
          options={(['rising', 'active', 'cooling', 'cold'] as const).map((s) => ({
            value: s,
            label: t(`topics.state.${s}`),
          }))}
        />
        <Select
          allowClear
          mode="multiple"
          placeholder={t('topics.filterRisk')}
          style={{ minWidth: 160 }}
          onChange={(v: string[]) => setQuery({ riskLevel: v.length ? v.join(',') : undefined })}
          options={(['I', 'II', 'III', 'IV'] as const).map((l) => ({
            value: l,
            label: t(`topics.risk.${l}`),
          }))}
        />
        <Checkbox onChange={(e) => setQuery({ alerted: e.target.checked || undefined })}>
          {t('topics.onlyAlerted')}
        </Checkbox>
      </Flex>
      <Table<TopicSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('topics.empty') }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.total,
          showTotal: (total) => t('topics.total', { total }),
          onChange: (page, pageSize) => setQuery({ page, pageSize }),
        }}
      />
    </Space>
  );
}
