import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  MonitorOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Grid,
  List,
  Pagination,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, downloadFile } from '../../api/client.ts';
import { queryString } from '../../api/http-utils.ts';
import type { Asset, AssetQuery } from '../../api/types.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { compactQuery, sortOrderOf, tableChangeToQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { MonitorAssetModal } from '../monitoring/MonitorAssetModal.tsx';
import { useRegions } from '../org/useRegions.ts';
import { AssetDrawer } from './AssetDrawer.tsx';
import { AssetFilters } from './AssetFilters.tsx';
import { ImportWizard } from './ImportWizard.tsx';

const SORTABLE = ['name', 'unit', 'kind', 'mlpsLevel', 'updatedAt'] as const;
const FIRST_PAGE: AssetQuery = { page: 1, pageSize: 20 };

async function loadAssets(query: AssetQuery) {
  const { data } = await api.GET('/api/v1/assets', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** The asset register: search, filter, sort, edit, bulk delete, Excel export and import. */
export function AssetsPage() {
  const { t, label } = useI18n();
  const { message, modal } = App.useApp();
  const me = useMe();
  const showError = useShowError();
  const screens = Grid.useBreakpoint();
  const cards = screens.md === false;
  const regions = useRegions();
  const list = usePagedList(loadAssets, FIRST_PAGE);
  const { query, setQuery } = list;
  const [selected, setSelected] = useState<number[]>([]);
  const [editing, setEditing] = useState<{ asset: Asset | null } | null>(null);
  const [importing, setImporting] = useState(false);
  const [monitoring, setMonitoring] = useState<Asset | null>(null);
  const navigate = useNavigate();
  const canEdit = me.abilities.editAssets;

  const changeQuery = (patch: Partial<AssetQuery>) => {
    setSelected([]);
    setQuery(patch);
  };

  const remove = async (asset: Asset) => {
    try {
      await api.DELETE('/api/v1/assets/{id}', { params: { path: { id: asset.id } } });
      message.success(t('common.deleted'));
      list.reload();
    } catch (err) {
      showError(err);
    }
  };

  const removeSelected = () =>
    modal.confirm({
      title: t('assets.confirmBulkDelete', { count: selected.length }),
      okButtonProps: { danger: true },
      onOk: async () => {
        // One request per asset, so each deletion is authorised and audited on its own.
        let deleted = 0;
        for (const id of selected) {
          try {
            await api.DELETE('/api/v1/assets/{id}', { params: { path: { id } } });
            deleted += 1;
          } catch (err) {
            showError(err);
            break;
          }
        }
        if (deleted > 0) message.success(t('assets.bulkDeleted', { count: deleted }));
        setSelected([]);
        list.reload();
      },
    });

  const exportXlsx = async () => {
    const { page: _p, pageSize: _s, ...filters } = query;
    try {
      const name = await downloadFile(`/api/v1/assets/export.xlsx${queryString(filters)}`, 'assets.xlsx');
      message.success(t('common.downloadStarted', { file: name }));
    } catch (err) {
      showError(err);
    }
  };

  const actions = (asset: Asset) => (
    <Space size={0}>
      {asset.kind === 'website' && asset.abilities.update && (
        <Button
          type="link"
          size="small"
          icon={<MonitorOutlined />}
          aria-label={t('monitoring.monitorSite')}
          title={t('monitoring.monitorSite')}
          onClick={() => setMonitoring(asset)}
          data-testid={`asset-monitor-${asset.id}`}
        />
      )}
      {asset.abilities.update && (
        <Button
          type="link"
          size="small"
          icon={<EditOutlined />}
          aria-label={t('common.edit')}
          onClick={() => setEditing({ asset })}
          data-testid={`asset-edit-${asset.id}`}
        />
      )}
      {asset.abilities.delete && (
        <Popconfirm
          title={t('common.confirmDelete', { name: asset.name })}
          okButtonProps={{ danger: true }}
          onConfirm={() => remove(asset)}
        >
          <Button
            type="link"
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t('common.delete')}
            data-testid={`asset-delete-${asset.id}`}
          />
        </Popconfirm>
      )}
    </Space>
  );

  const mlps = (level: number | null) => (level ? t('home.mlpsLevel', { level }) : t('assets.mlpsNone'));
  const addresses = (a: Asset) => [...a.domains, ...a.urls, ...a.ips];

  const columns: TableColumnsType<Asset> = [
    {
      title: t('assets.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrderOf(query, 'name'),
      fixed: 'left',
      width: 200,
    },
    {
      title: t('assets.kind'),
      dataIndex: 'kind',
      key: 'kind',
      sorter: true,
      sortOrder: sortOrderOf(query, 'kind'),
      width: 120,
      render: (k: string) => label('assetKind', k),
    },
    {
      title: t('assets.unit'),
      dataIndex: 'unitName',
      key: 'unit',
      sorter: true,
      sortOrder: sortOrderOf(query, 'unit'),
      width: 180,
    },
    { title: t('assets.region'), dataIndex: 'regionName', key: 'region', width: 110 },
    {
      title: `${t('assets.domains')} / ${t('assets.urls')} / ${t('assets.ips')}`,
      key: 'addresses',
      width: 240,
      render: (_, a) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: addresses(a).join('\n') }} style={{ margin: 0 }}>
          {addresses(a).join(' ')}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('assets.mlpsLevel'),
      dataIndex: 'mlpsLevel',
      key: 'mlpsLevel',
      sorter: true,
      sortOrder: sortOrderOf(query, 'mlpsLevel'),
      width: 100,
      render: mlps,
    },
    {
      title: t('assets.isCii'),
      dataIndex: 'isCii',
      key: 'isCii',
      width: 70,
      render: (v: boolean) => (v ? <Tag color="red">{t('assets.isCii')}</Tag> : ''),
    },
    {
      title: t('assets.tags'),
      dataIndex: 'tags',
      key: 'tags',
      width: 150,
      render: (tags: string[]) => tags.map((tag) => <Tag key={tag}>{tag}</Tag>),
    },
    {
      title: t('common.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      sorter: true,
      sortOrder: sortOrderOf(query, 'updatedAt'),
      width: 140,
      render: (v: string) => formatDateTime(v),
    },
    { title: t('common.actions'), key: 'actions', width: 120, fixed: 'right', render: (_, a) => actions(a) },
  ];

  const pagination = {
    current: query.page,
    pageSize: query.pageSize,
    total: list.total,
    showSizeChanger: !cards,
    showTotal: (total: number) => t('common.total', { total }),
  };

  return (
    <Card title={t('assets.title')} size="small">
      <Flex vertical gap={12}>
        <AssetFilters regionTree={regions.treeData} onChange={changeQuery} />
        <Flex wrap gap={8}>
          {canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ asset: null })}
              data-testid="asset-new"
            >
              {t('assets.new')}
            </Button>
          )}
          {canEdit && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="asset-import">
              {t('assets.import')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} onClick={exportXlsx} data-testid="asset-export">
            {t('assets.export')}
          </Button>
          {canEdit && selected.length > 0 && (
            <Button danger icon={<DeleteOutlined />} onClick={removeSelected} data-testid="asset-bulk-delete">
              {t('assets.deleteSelected', { count: selected.length })}
            </Button>
          )}
        </Flex>
        {cards ? (
          <>
            <List<Asset>
              loading={list.loading}
              dataSource={list.items}
              rowKey="id"
              data-testid="asset-cards"
              renderItem={(a) => (
                <List.Item actions={[actions(a)]}>
                  <List.Item.Meta
                    title={
                      <Space wrap size={4}>
                        <span>{a.name}</span>
                        <Tag>{label('assetKind', a.kind)}</Tag>
                        {a.isCii && <Tag color="red">{t('assets.isCii')}</Tag>}
                      </Space>
                    }
                    description={
                      <>
                        <div>
                          {a.unitName} · {mlps(a.mlpsLevel)}
                        </div>
                        <Typography.Text type="secondary" ellipsis style={{ maxWidth: '100%' }}>
                          {addresses(a).join(' ')}
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
            <Pagination
              size="small"
              {...pagination}
              onChange={(page, pageSize) => setQuery({ page, pageSize })}
            />
          </>
        ) : (
          <Table<Asset>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            scroll={{ x: 1400 }}
            rowSelection={
              canEdit
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys.map(Number)),
                    getCheckboxProps: (a) => ({ disabled: !a.abilities.delete }),
                  }
                : undefined
            }
            pagination={pagination}
            onChange={(p, _f, sorter) => setQuery(tableChangeToQuery(p, sorter, SORTABLE))}
          />
        )}
      </Flex>
      <AssetDrawer
        open={editing !== null}
        asset={editing?.asset ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      {monitoring && (
        <MonitorAssetModal
          assetId={monitoring.id}
          assetName={monitoring.name}
          onClose={() => setMonitoring(null)}
          onSaved={(site) => navigate(`/monitoring/sites/${site.monitorId}`)}
        />
      )}
      <ImportWizard
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => {
          setImporting(false);
          list.reload();
        }}
      />
    </Card>
  );
}
