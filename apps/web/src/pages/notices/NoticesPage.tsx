import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Grid,
  List,
  Pagination,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, downloadFile } from '../../api/client.ts';
import { queryString } from '../../api/http-utils.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { BulkActionModal } from './BulkActionModal.tsx';
import { NoticeFiltersBar } from './NoticeFiltersBar.tsx';
import { Deadline, FlagTags, SeverityTag, StateTag } from './NoticeTags.tsx';
import { filtersToQuery, type NoticeFilters } from './notice-filters.ts';
import { type BulkAction, bulkActionsFor, currentDeadline } from './notice-logic.ts';
import type { NoticeSummary } from './notice-types.ts';
import { SavedViews } from './SavedViews.tsx';

type ListQuery = NoticeFilters & { page?: number; pageSize?: number };
const FIRST_PAGE: ListQuery = { page: 1, pageSize: 20 };

async function loadNotices(query: ListQuery) {
  const { page, pageSize, ...filters } = query;
  const { data } = await api.GET('/api/v1/notices', {
    params: { query: { ...filtersToQuery(filters), page, pageSize } },
  });
  return data ?? { items: [], total: 0 };
}

/** The office's notice list: filters, saved views, sort, paging, bulk actions and Excel export. */
export function NoticesPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const showError = useShowError();
  const cards = Grid.useBreakpoint().md === false;
  const list = usePagedList(loadNotices, FIRST_PAGE);
  const { query, setQuery } = list;
  const { page: _page, pageSize: _size, ...filters } = query;
  const [selected, setSelected] = useState<NoticeSummary[]>([]);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const bulkActions = useMemo(() => bulkActionsFor(selected), [selected]);

  const changeFilters = (next: NoticeFilters) => {
    setSelected([]);
    // Replace every filter (a saved view may clear some), keeping the page size.
    setQuery({
      q: undefined,
      state: undefined,
      unitId: undefined,
      severity: undefined,
      overdue: undefined,
      source: undefined,
      createdFrom: undefined,
      createdTo: undefined,
      sort: undefined,
      order: undefined,
      ...next,
    });
  };

  const exportXlsx = async () => {
    try {
      const name = await downloadFile(
        `/api/v1/notices/export.xlsx${queryString({ ...filtersToQuery(filters) })}`,
        'notices.xlsx',
      );
      message.success(t('common.downloadStarted', { file: name }));
    } catch (err) {
      showError(err);
    }
  };

  const deadlineCell = (n: NoticeSummary) => {
    const due = currentDeadline(n);
    return (
      <Flex vertical gap={2}>
        <Deadline at={due?.at ?? null} provisional={n.deadlineProvisional} overdue={n.overdue} />
        {due && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {due.kind === 'sign' ? t('notices.signDue') : t('notices.rectifyDue')}
          </Typography.Text>
        )}
      </Flex>
    );
  };

  const columns: TableColumnsType<NoticeSummary> = [
    {
      title: t('notices.docNumber'),
      dataIndex: 'docNumber',
      key: 'docNumber',
      width: 230,
      render: (v: string | null, n) => (
        <Link to={`/notices/${n.id}`} data-testid={`notice-link-${n.id}`}>
          {v ?? <Typography.Text type="secondary">{t('notices.noDocNumber')}</Typography.Text>}
        </Link>
      ),
    },
    {
      title: t('notices.titleField'),
      dataIndex: 'title',
      key: 'title',
      width: 260,
      render: (v: string, n) => (
        <Flex vertical gap={2}>
          <Link to={`/notices/${n.id}`}>{v}</Link>
          <FlagTags overdue={n.overdue} supervisionLevel={n.supervisionLevel} />
        </Flex>
      ),
    },
    {
      title: t('notices.unit'),
      dataIndex: 'unitName',
      key: 'unit',
      width: 180,
      render: (v: string, n) => (
        <Flex vertical>
          <span>{v}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {n.regionName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('notices.severity'),
      dataIndex: 'severity',
      key: 'severity',
      width: 130,
      render: (v: string) => <SeverityTag severity={v} />,
    },
    {
      title: t('notices.state'),
      dataIndex: 'state',
      key: 'state',
      width: 120,
      render: (v: string) => <StateTag state={v} />,
    },
    { title: t('notices.deadline'), key: 'deadline', width: 190, render: (_, n) => deadlineCell(n) },
    {
      title: t('notices.category'),
      dataIndex: 'category',
      key: 'category',
      width: 120,
      render: (v: string) => label('noticeCategory', v),
    },
    {
      title: t('notices.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 140,
      render: (v: string) => formatDateTime(v),
    },
  ];

  const pagination = {
    current: query.page,
    pageSize: query.pageSize,
    total: list.total,
    showSizeChanger: !cards,
    showTotal: (total: number) => t('common.total', { total }),
  };

  return (
    <Card title={t('notices.title')} size="small">
      <Flex vertical gap={12}>
        <NoticeFiltersBar value={filters} onChange={changeFilters} />
        <Flex wrap gap={8}>
          {me.abilities.createNotices && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/notices/new')}
              data-testid="notice-new"
            >
              {t('notices.new')}
            </Button>
          )}
          <SavedViews filters={filters} onPick={changeFilters} />
          <Button icon={<DownloadOutlined />} onClick={exportXlsx} data-testid="notices-export">
            {t('notices.export')}
          </Button>
          {selected.length > 0 && (
            <Space wrap size={8}>
              {bulkActions.map((a) => (
                <Button key={a} danger={a === 'return'} onClick={() => setBulk(a)} data-testid={`bulk-${a}`}>
                  {t('notices.bulk', { action: label('noticeAction', a), count: selected.length })}
                </Button>
              ))}
            </Space>
          )}
        </Flex>
        {cards ? (
          <>
            <List<NoticeSummary>
              loading={list.loading}
              dataSource={list.items}
              rowKey="id"
              data-testid="notice-cards"
              locale={{ emptyText: t('notices.empty') }}
              renderItem={(n) => (
                <List.Item onClick={() => navigate(`/notices/${n.id}`)} style={{ cursor: 'pointer' }}>
                  <List.Item.Meta
                    title={
                      <Space wrap size={4}>
                        <SeverityTag severity={n.severity} />
                        <span>{n.title}</span>
                      </Space>
                    }
                    description={
                      <Flex vertical gap={4}>
                        <span>
                          {n.docNumber ?? t('notices.noDocNumber')} · {n.unitName}
                        </span>
                        <Space wrap size={4}>
                          <StateTag state={n.state} />
                          <FlagTags overdue={n.overdue} supervisionLevel={n.supervisionLevel} />
                        </Space>
                        {deadlineCell(n)}
                      </Flex>
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
          <Table<NoticeSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            scroll={{ x: 1300 }}
            locale={{ emptyText: t('notices.empty') }}
            rowSelection={{
              selectedRowKeys: selected.map((n) => n.id),
              onChange: (_keys, rows) => setSelected(rows),
            }}
            pagination={pagination}
            onChange={(p) => setQuery({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
            data-testid="notices-table"
          />
        )}
      </Flex>
      <BulkActionModal
        action={bulk}
        notices={selected}
        onClose={(changed) => {
          setBulk(null);
          if (changed) {
            setSelected([]);
            list.reload();
          }
        }}
      />
    </Card>
  );
}
