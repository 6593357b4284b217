import {
  App,
  Button,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { FormDrawer } from '../../components/FormDrawer.tsx';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useRegions } from '../org/useRegions.ts';
import { TopicsHeader } from './TopicsNav.tsx';
import type { FeedInput, FeedsQuery, TopicFeed } from './topic-types.ts';

const FIRST: FeedsQuery = { page: 1, pageSize: 20 };
const STATUS_COLORS = { ok: 'green', not_modified: 'blue', error: 'red' } as const;

async function loadFeeds(query: FeedsQuery) {
  const { data } = await api.GET('/api/v1/topic-feeds', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** Feed subscriptions and their health: last status and error, items, next poll, backoff. */
export function TopicFeedsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const regions = useRegions();
  const list = usePagedList(loadFeeds, FIRST);
  const [editing, setEditing] = useState<TopicFeed | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<FeedInput>();

  const open = (feed: TopicFeed | 'new') => {
    setEditing(feed);
    form.setFieldsValue(
      feed === 'new'
        ? { name: '', url: '', intervalMinutes: 30, enabled: true, regionId: regions.regions[0]?.id }
        : {
            name: feed.name,
            url: feed.url,
            intervalMinutes: feed.intervalMinutes,
            enabled: feed.enabled,
            regionId: feed.regionId,
          },
    );
  };
  const save = async (values: FeedInput) => {
    setBusy(true);
    try {
      if (editing === 'new') await api.POST('/api/v1/topic-feeds', { body: values });
      else if (editing)
        await api.PUT('/api/v1/topic-feeds/{id}', { params: { path: { id: editing.id } }, body: values });
      setEditing(null);
      list.reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const poll = async (feed: TopicFeed) => {
    try {
      const { data } = await api.POST('/api/v1/topic-feeds/{id}/poll', { params: { path: { id: feed.id } } });
      if (data?.status === 'error') message.error(t('topics.feeds.pollFailed', { error: data.error ?? '' }));
      else message.success(t('topics.feeds.polled', { n: data?.newItems ?? 0 }));
      list.reload();
    } catch (err) {
      showError(err);
    }
  };
  const remove = async (feed: TopicFeed) => {
    try {
      await api.DELETE('/api/v1/topic-feeds/{id}', { params: { path: { id: feed.id } } });
      list.reload();
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<TopicFeed> = [
    {
      title: t('topics.feeds.name'),
      key: 'name',
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{f.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {f.url}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('topics.feeds.health'),
      key: 'health',
      width: 200,
      render: (_, f) => (
        <Space direction="vertical" size={0}>
          <Space size={4}>
            <Tag
              color={f.lastStatus ? STATUS_COLORS[f.lastStatus] : 'default'}
              data-testid={`feed-status-${f.id}`}
            >
              {t(`topics.feeds.status.${f.lastStatus ?? 'never'}`)}
            </Tag>
            {!f.enabled && <Tag>{t('common.no')}</Tag>}
            {f.format && <Tag>{f.format.toUpperCase()}</Tag>}
          </Space>
          {f.failures > 0 && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {t('topics.feeds.failures', { n: f.failures })}
            </Typography.Text>
          )}
          {f.lastError && (
            <Tooltip title={f.lastError}>
              <Typography.Text
                type={f.lastStatus === 'error' ? 'danger' : 'secondary'}
                style={{ fontSize: 12, maxWidth: 190 }}
                ellipsis
              >
                {f.lastError}
              </Typography.Text>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('topics.feeds.items'), dataIndex: 'itemsTotal', key: 'items', width: 90, align: 'right' },
    {
      title: t('topics.feeds.lastPolled'),
      dataIndex: 'lastPolledAt',
      key: 'last',
      width: 150,
      render: (v: string | null) => (v ? formatDateTime(v) : '—'),
    },
    {
      title: t('topics.feeds.nextPoll'),
      dataIndex: 'nextPollAt',
      key: 'next',
      width: 150,
      render: (v: string | null) => (v ? formatDateTime(v) : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      render: (_, f) =>
        f.abilities.edit ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => void poll(f)} data-testid={`feed-poll-${f.id}`}>
              {t('topics.feeds.poll')}
            </Button>
            <Button type="link" size="small" onClick={() => open(f)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('topics.feeds.deleteConfirm', { name: f.name })}
              onConfirm={() => void remove(f)}
            >
              <Button type="link" size="small" danger>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <TopicsHeader />
      <Flex gap={8} wrap justify="space-between">
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder={t('topics.feeds.search')}
            style={{ width: 240 }}
            onSearch={(q) => list.setQuery({ q: q.trim() || undefined })}
          />
          <Select
            allowClear
            placeholder={t('topics.feeds.health')}
            style={{ width: 140 }}
            onChange={(v?: FeedsQuery['status']) => list.setQuery({ status: v })}
            options={(['ok', 'not_modified', 'error', 'never'] as const).map((s) => ({
              value: s,
              label: t(`topics.feeds.status.${s}`),
            }))}
          />
        </Flex>
        <Button type="primary" onClick={() => open('new')} data-testid="feed-add">
          {t('topics.feeds.add')}
        </Button>
      </Flex>
      <Table<TopicFeed>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('topics.feeds.empty') }}
        pagination={{
          current: list.query.page,
          pageSize: list.query.pageSize,
          total: list.total,
          onChange: (page, pageSize) => list.setQuery({ page, pageSize }),
        }}
      />
      <FormDrawer
        open={editing !== null}
        title={editing === 'new' ? t('topics.feeds.add') : t('topics.feeds.edit')}
        busy={busy}
        onClose={() => setEditing(null)}
        onSave={() => form.submit()}
        saveTestId="feed-save"
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="name" label={t('topics.feeds.name')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="feed-name" />
          </Form.Item>
          <Form.Item name="url" label={t('topics.feeds.url')} rules={[{ required: true, type: 'url' }]}>
            <Input data-testid="feed-url" placeholder="https://" />
          </Form.Item>
          <Form.Item name="regionId" label={t('topics.feeds.region')} rules={[{ required: true }]}>
            <TreeSelect treeData={regions.treeData} treeDefaultExpandAll />
          </Form.Item>
          <Form.Item name="intervalMinutes" label={t('topics.feeds.interval')} rules={[{ required: true }]}>
            <InputNumber min={5} max={1440} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="enabled" label={t('topics.feeds.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </FormDrawer>
    </Space>
  );
}
