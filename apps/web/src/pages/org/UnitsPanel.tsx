import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { UNIT_KINDS } from '@shouwang/common';
import { App, Button, Flex, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Unit, UnitQuery } from '../../api/types.ts';
import { compactQuery, sortOrderOf, tableChangeToQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { TreeData } from './region-tree.ts';
import { UnitDrawer } from './UnitDrawer.tsx';

const SORTABLE = ['name', 'region', 'createdAt'] as const;
const FIRST_PAGE: UnitQuery = { page: 1, pageSize: 20 };

async function loadUnits(query: UnitQuery) {
  const { data } = await api.GET('/api/v1/units', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** The units table beside the region tree; filtered by the selected region. */
export function UnitsPanel({
  regionId,
  regionTree,
  canCreate,
}: {
  regionId: number | null;
  regionTree: TreeData[];
  canCreate: boolean;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const list = usePagedList(loadUnits, FIRST_PAGE);
  const { query, setQuery } = list;
  const [editing, setEditing] = useState<{ unit: Unit | null } | null>(null);

  // The selected tree node is a filter like any other.
  const effectiveRegion = query.regionId ?? null;
  if (effectiveRegion !== regionId) setQuery({ regionId: regionId ?? undefined });

  const remove = useCallback(
    async (unit: Unit) => {
      try {
        await api.DELETE('/api/v1/units/{id}', { params: { path: { id: unit.id } } });
        message.success(t('common.deleted'));
        list.reload();
      } catch (err) {
        showError(err);
      }
    },
    [list, message, showError, t],
  );

  const columns: TableColumnsType<Unit> = [
    {
      title: t('org.unitName'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrderOf(query, 'name'),
      fixed: 'left',
      width: 200,
    },
    {
      title: t('org.region'),
      dataIndex: 'regionName',
      key: 'region',
      sorter: true,
      sortOrder: sortOrderOf(query, 'region'),
      width: 120,
    },
    {
      title: t('org.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 120,
      render: (k: string) => label('unitKind', k),
    },
    {
      title: t('org.isCii'),
      dataIndex: 'isCii',
      key: 'isCii',
      width: 100,
      render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')),
    },
    { title: t('org.contactName'), dataIndex: 'contactName', key: 'contactName', width: 100 },
    { title: t('org.contactPhone'), dataIndex: 'contactPhone', key: 'contactPhone', width: 140 },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, unit) => (
        <Space size={0}>
          {unit.abilities.update && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing({ unit })}
              aria-label={t('common.edit')}
            />
          )}
          {unit.abilities.delete && (
            <Popconfirm
              title={t('common.confirmDelete', { name: unit.name })}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(unit)}
            >
              <Button
                type="link"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
              />
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('org.searchUnits')}
          onSearch={(q) => setQuery({ q: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="units-search"
        />
        <Select
          allowClear
          placeholder={t('org.kind')}
          style={{ width: 150 }}
          options={UNIT_KINDS.map((k) => ({ value: k, label: label('unitKind', k) }))}
          onChange={(kind?: string) => setQuery({ kind })}
        />
        <Select
          allowClear
          placeholder={t('org.isCii')}
          style={{ width: 130 }}
          options={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
          onChange={(v?: string) => setQuery({ isCii: v === undefined ? undefined : v === 'true' })}
        />
        <div style={{ flex: 1 }} />
        {canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ unit: null })}
            data-testid="unit-new"
          >
            {t('org.newUnit')}
          </Button>
        )}
      </Flex>
      <Table<Unit>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        scroll={{ x: 900 }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.total,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        onChange={(pagination, _filters, sorter) =>
          setQuery(tableChangeToQuery(pagination, sorter, SORTABLE))
        }
      />
      <UnitDrawer
        open={editing !== null}
        unit={editing?.unit ?? null}
        defaultRegionId={regionId}
        regionTree={regionTree}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </>
  );
}
