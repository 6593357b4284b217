import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { EventsNav } from './EventsNav.tsx';
import type { Suppression, SuppressionQuery } from './events-types.ts';
import { type SuppressionDraft, SuppressionDrawer } from './SuppressionDrawer.tsx';

const FIRST: SuppressionQuery = { page: 1, pageSize: 20 };

async function loadSuppressions(query: SuppressionQuery) {
  const { data } = await api.GET('/api/v1/events/suppressions', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0, abilities: { create: false } };
}

/** Suppressions (exceptions) of the caller's jurisdiction, with how often each has held back a detection. */
export function SuppressionsPage() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [canCreate, setCanCreate] = useState(false);
  // Stable (usePagedList reloads when `load` changes).
  const load = useCallback(async (q: SuppressionQuery) => {
    const r = await loadSuppressions(q);
    setCanCreate(r.abilities.create === true);
    return r;
  }, []);
  const list = usePagedList(load, FIRST);
  const { query, setQuery } = list;
  const [editing, setEditing] = useState<{ id: number | null; draft: SuppressionDraft } | null>(null);

  const remove = (s: Suppression) =>
    modal.confirm({
      title: t('suppressions.deleteConfirm'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.DELETE('/api/v1/events/suppressions/{id}', { params: { path: { id: s.id } } });
          message.success(t('suppressions.deleted'));
          list.reload();
        } catch (err) {
          showError(err);
        }
      },
    });

  const columns: TableColumnsType<Suppression> = [
    {
      title: t('suppressions.rule'),
      key: 'rule',
      width: 220,
      render: (_, s) =>
        s.ruleKey ?? <Typography.Text type="secondary">{t('suppressions.anyRule')}</Typography.Text>,
    },
    {
      title: t('suppressions.unit'),
      key: 'unit',
      width: 180,
      render: (_, s) => (
        <Flex vertical>
          <span>{s.unitName ?? '—'}</span>
          {s.assetName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.assetName}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('suppressions.conditions'),
      key: 'conditions',
      width: 240,
      render: (_, s) => (
        <Flex vertical>
          {s.sourceId !== null && (
            <span>
              {t('suppressions.source')} = {s.sourceId}
            </span>
          )}
          {s.conditions.map((c) => (
            <Typography.Text key={`${c.field}=${c.value}`} code>
              {c.field} = {c.value}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    { title: t('suppressions.reason'), dataIndex: 'reason', key: 'reason', width: 220, ellipsis: true },
    {
      title: t('suppressions.expiresAt'),
      key: 'expires',
      width: 160,
      render: (_, s) =>
        s.expired ? (
          <Tag>{t('suppressions.expired')}</Tag>
        ) : s.expiresAt ? (
          formatDateTime(s.expiresAt)
        ) : (
          <Tag color="blue">{t('suppressions.never')}</Tag>
        ),
    },
    {
      title: t('suppressions.hits'),
      dataIndex: 'hits',
      key: 'hits',
      width: 90,
      align: 'right',
      render: (n: number, s) => <span data-testid={`suppression-hits-${s.id}`}>{n}</span>,
    },
    {
      title: t('suppressions.lastHit'),
      key: 'lastHit',
      width: 150,
      render: (_, s) => formatDateTime(s.lastHitAt),
    },
    { title: t('suppressions.createdBy'), dataIndex: 'createdByName', key: 'createdBy', width: 110 },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, s) => (
        <Space size={0}>
          {s.abilities.update && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing({ id: s.id, draft: { ...s } })}
            />
          )}
          {s.abilities.delete && (
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(s)} />
          )}
        </Space>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('suppressions.title')}
        </Typography.Title>
        <EventsNav />
      </Flex>
      <Card size="small">
        <Flex vertical gap={12}>
          <Flex wrap gap={8}>
            <Select
              allowClear
              placeholder={t('suppressions.filterActive')}
              style={{ width: 130 }}
              options={[
                { value: 'true', label: t('suppressions.active') },
                { value: 'false', label: t('suppressions.expired') },
              ]}
              onChange={(v?: string) => setQuery({ active: v === undefined ? undefined : v === 'true' })}
            />
            <div style={{ flex: 1 }} />
            {canCreate && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => setEditing({ id: null, draft: { conditions: [] } })}
                data-testid="suppressions-add"
              >
                {t('suppressions.add')}
              </Button>
            )}
          </Flex>
          <Table<Suppression>
            rowKey="id"
            size="small"
            loading={list.loading}
            columns={columns}
            dataSource={list.items}
            scroll={{ x: 1300 }}
            locale={{ emptyText: t('suppressions.none') }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: list.total,
              showSizeChanger: true,
              onChange: (page, pageSize) => setQuery({ page, pageSize }),
            }}
            data-testid="suppressions-table"
          />
        </Flex>
      </Card>
      <SuppressionDrawer
        open={editing !== null}
        id={editing?.id ?? null}
        draft={editing?.draft ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </Flex>
  );
}
