import {
  App,
  Button,
  Card,
  Flex,
  Input,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { QueryOf } from '../../api/types.ts';
import { compactQuery } from '../../components/table-query.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { categoryOptions } from './category-logic.ts';
import { type CaseSummary, groupSizes, intakeLabel } from './intake-types.ts';
import { useReportCategories } from './useReportCategories.ts';

type CaseQuery = QueryOf<'/api/v1/intake/cases', 'get'>;
const FIRST: CaseQuery = { page: 1, pageSize: 20, status: 'received' };
const STATES = [
  'received',
  'dispatched',
  'signed',
  'leader_review',
  'reply_review',
  'replied',
  'closed',
  'forwarded',
  'transferred',
  'merged',
] as const;

async function loadCases(query: CaseQuery) {
  const { data } = await api.GET('/api/v1/intake/cases', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/**
 * The office's one inbox of reports and messages: filters, search, paging; near-duplicates marked by their
 * group; the routing rule's suggested unit; bulk dispatch (to the suggestions, or to one chosen unit).
 */
export function CasesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const list = usePagedList(loadCases, FIRST);
  const { query, setQuery } = list;
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkUnit, setBulkUnit] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const sizes = useMemo(() => groupSizes(list.items), [list.items]);
  // Deactivated categories stay in the filter: their cases are still here.
  const categories = useReportCategories().items;

  const bulk = async (unitId: number | null) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/intake/cases/bulk-dispatch', {
        body: { ids: selected, unitId: unitId ?? undefined },
      });
      const results = data?.results ?? [];
      const ok = results.filter((r) => r.ok).length;
      message.info(t('intake.bulkResult', { ok, failed: results.length - ok }));
      setSelected([]);
      list.reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: '#',
      dataIndex: 'id',
      width: 80,
      render: (id: number) => <Link to={`/cases/${id}`}>#{id}</Link>,
    },
    {
      title: t('intake.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (kind: string, c) => (
        <Space direction="vertical" size={0}>
          <Tag>{intakeLabel(t, 'kindValue', kind)}</Tag>
          {c.categoryName && (
            <Tag color="volcano" data-testid={`case-category-${c.id}`}>
              {c.categoryName}
            </Tag>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {intakeLabel(t, 'channelValue', c.channel)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('intake.title'),
      dataIndex: 'title',
      render: (title: string, c) => (
        <Space direction="vertical" size={2}>
          <Link to={`/cases/${c.id}`} data-testid={`case-row-${c.id}`}>
            {title}
          </Link>
          <Space wrap size={4}>
            {c.groupId !== null && c.groupId !== c.id && (
              <Tag color="purple">{t('intake.duplicateOf', { id: c.groupId })}</Tag>
            )}
            {c.groupId === c.id && (sizes.get(c.id) ?? 0) > 1 && (
              <Tag color="purple">{t('intake.groupSize', { count: sizes.get(c.id) ?? 0 })}</Tag>
            )}
            {c.overdue && <Tag color="red">{t('intake.overdue')}</Tag>}
            {c.supervisionLevel >= 2 && (
              <Tag color="red">{t('intake.supervised', { level: c.supervisionLevel })}</Tag>
            )}
          </Space>
        </Space>
      ),
    },
    {
      title: t('intake.state'),
      dataIndex: 'state',
      width: 130,
      render: (s: string) => <Tag color="blue">{intakeLabel(t, 'stateValue', s)}</Tag>,
    },
    { title: t('intake.region'), dataIndex: 'regionName', width: 120 },
    {
      title: t('intake.unit'),
      dataIndex: 'unitName',
      width: 180,
      render: (name: string | null, c) =>
        name ??
        (c.suggestion ? (
          <Typography.Text type="secondary" data-testid={`case-suggestion-${c.id}`}>
            {t('intake.suggested')}：{c.suggestion.unitName}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('intake.noSuggestion')}</Typography.Text>
        )),
    },
    {
      title: t('intake.contact'),
      width: 150,
      render: (_: unknown, c) => [c.contactName, c.contactPhone].filter(Boolean).join(' '),
    },
    {
      title: t('intake.due'),
      width: 160,
      render: (_: unknown, c) => {
        const due = c.state === 'dispatched' ? c.signDueAt : c.handleDueAt;
        return due ? formatDateTime(due) : '—';
      },
    },
    {
      title: t('intake.created'),
      dataIndex: 'createdAt',
      width: 160,
      render: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <Card title={t('intake.inbox')}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Input.Search
            allowClear
            placeholder={t('intake.search')}
            style={{ width: 240 }}
            onSearch={(q) => setQuery({ q: q.trim() || undefined })}
            data-testid="cases-search"
          />
          <Select
            allowClear
            placeholder={t('intake.state')}
            style={{ width: 170 }}
            value={query.status}
            options={STATES.map((s) => ({ value: s, label: intakeLabel(t, 'stateValue', s) }))}
            onChange={(status?: string) => setQuery({ status })}
            data-testid="cases-state"
          />
          <Select
            allowClear
            placeholder={t('intake.kind')}
            style={{ width: 120 }}
            options={(['report', 'message'] as const).map((k) => ({
              value: k,
              label: intakeLabel(t, 'kindValue', k),
            }))}
            onChange={(kind?: CaseQuery['kind']) => setQuery({ kind })}
            data-testid="cases-kind"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('intake.category')}
            style={{ width: 170 }}
            options={categoryOptions(categories, t)}
            onChange={(category?: string) => setQuery({ category })}
            data-testid="cases-category"
          />
          <Select
            allowClear
            placeholder={t('intake.channel')}
            style={{ width: 120 }}
            options={(['web', 'api', 'phone', 'import'] as const).map((k) => ({
              value: k,
              label: intakeLabel(t, 'channelValue', k),
            }))}
            onChange={(channel?: CaseQuery['channel']) => setQuery({ channel })}
            data-testid="cases-channel"
          />
          <UnitSelect
            placeholder={t('intake.unit')}
            style={{ width: 200 }}
            onChange={(unitId) => setQuery({ unitId: unitId ?? undefined })}
          />
          <Space>
            <Switch size="small" onChange={(on) => setQuery({ overdue: on ? true : undefined })} />
            {t('intake.overdueOnly')}
          </Space>
        </Flex>
        {selected.length > 0 && (
          <Flex gap={8} wrap align="center" data-testid="cases-bulk">
            <Typography.Text>{t('intake.selected', { count: selected.length })}</Typography.Text>
            <Button
              type="primary"
              loading={busy}
              onClick={() => bulk(null)}
              data-testid="cases-bulk-suggested"
            >
              {t('intake.bulkSuggested')}
            </Button>
            <UnitSelect style={{ width: 200 }} onChange={(id) => setBulkUnit(id)} />
            <Button disabled={!bulkUnit} loading={busy} onClick={() => bulk(bulkUnit)}>
              {t('intake.bulkToUnit')}
            </Button>
          </Flex>
        )}
        <Table<CaseSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          scroll={{ x: 1300 }}
          locale={{ emptyText: t('intake.empty') }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys.map(Number)),
            getCheckboxProps: (c) => ({ disabled: !c.abilities.actions.includes('dispatch') }),
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.total,
            showTotal: (total: number) => t('common.total', { total }),
          }}
          onChange={(p) => setQuery({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
          data-testid="cases-table"
        />
      </Flex>
    </Card>
  );
}
