import { SEVERITIES } from '@shouwang/common';
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { compactQuery } from '../../components/table-query.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { type RenderView, renderViewOfFinding } from '../monitoring/render-view.ts';
import { RenderBlock } from '../monitoring/SiteRenders.tsx';
import { SeverityTag } from '../notices/NoticeTags.tsx';
import type { Finding, FindingQuery } from '../notices/notice-types.ts';
import { FindingDrawer } from './FindingDrawer.tsx';

const STATUSES = ['open', 'resolved', 'dismissed'] as const;
const SOURCES = ['manual', 'monitoring', 'events', 'intake', 'inspection'] as const;
const FIRST: FindingQuery = { page: 1, pageSize: 20, status: 'open' };

async function loadFindings(query: FindingQuery) {
  const { data } = await api.GET('/api/v1/findings', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

/** What detectors and staff found; each open finding can become a notice (or join the open one). */
export function FindingsPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const showError = useShowError();
  const phone = Grid.useBreakpoint().md === false;
  const list = usePagedList(loadFindings, FIRST);
  const { query, setQuery } = list;
  const [dismissing, setDismissing] = useState<Finding | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const canRaise = me.abilities.createNotices;
  const [expanded, setExpanded] = useState<readonly number[]>([]);
  // A finding whose evidence carries a render of the page (website monitoring) opens to show it.
  const renders = useMemo(() => {
    const out = new Map<number, RenderView>();
    for (const f of list.items) {
      const view = renderViewOfFinding(f);
      if (view) out.set(f.id, view);
    }
    return out;
  }, [list.items]);
  const toggle = (id: number) =>
    setExpanded((keys) => (keys.includes(id) ? keys.filter((k) => k !== id) : [...keys, id]));

  const raise = async (f: Finding) => {
    try {
      const { data } = await api.POST('/api/v1/findings/{id}/raise-notice', {
        params: { path: { id: f.id } },
        body: {},
      });
      if (!data) return;
      // A finding whose dedup key already has an open notice joins it instead of making another.
      if (data.state === 'draft') {
        message.success(t('findings.raised'));
        navigate(`/notices/${data.id}/edit`);
      } else {
        message.info(t('findings.attached'));
        navigate(`/notices/${data.id}`);
      }
    } catch (err) {
      showError(err);
    }
  };

  const dismiss = async ({ reason }: { reason: string }) => {
    if (!dismissing) return;
    try {
      await api.POST('/api/v1/findings/{id}/dismiss', {
        params: { path: { id: dismissing.id } },
        body: { reason: reason.trim() },
      });
      message.success(t('findings.dismissed'));
      setDismissing(null);
      list.reload();
    } catch (err) {
      showError(err, form);
    }
  };

  const columns: TableColumnsType<Finding> = [
    {
      title: t('notices.titleField'),
      key: 'title',
      width: 260,
      render: (_, f) => (
        <Flex vertical align="start" gap={4}>
          <span>{f.title}</span>
          {renders.has(f.id) && (
            <Tag
              color="purple"
              style={{ cursor: 'pointer' }}
              onClick={() => toggle(f.id)}
              data-testid={`finding-rendered-${f.id}`}
            >
              {t('monitoring.renders')}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      title: t('notices.severity'),
      dataIndex: 'severity',
      key: 'severity',
      width: 130,
      render: (s: string) => <SeverityTag severity={s} />,
    },
    { title: t('notices.unit'), dataIndex: 'unitName', key: 'unit', width: 170 },
    {
      title: t('findings.source'),
      key: 'source',
      width: 180,
      render: (_, f) => (
        <Flex vertical>
          <span>{label('findingSource', f.source)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.detector}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('findings.status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: string) => <Tag>{label('findingStatus', s)}</Tag>,
    },
    {
      title: t('findings.lastSeen'),
      dataIndex: 'lastSeenAt',
      key: 'lastSeenAt',
      width: 140,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('findings.notice'),
      dataIndex: 'noticeId',
      key: 'notice',
      width: 90,
      render: (id: number | null) => (id ? <Link to={`/notices/${id}`}>#{id}</Link> : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      fixed: phone ? undefined : 'right',
      render: (_, f) =>
        f.abilities.raiseNotice || f.abilities.dismiss ? (
          <Space size={0}>
            {f.abilities.raiseNotice && (
              <Button
                type="link"
                size="small"
                onClick={() => void raise(f)}
                data-testid={`finding-raise-${f.id}`}
              >
                {t('findings.raise')}
              </Button>
            )}
            {f.abilities.dismiss && (
              <Button
                type="link"
                size="small"
                danger
                onClick={() => {
                  form.resetFields();
                  setDismissing(f);
                }}
                data-testid={`finding-dismiss-${f.id}`}
              >
                {t('findings.dismiss')}
              </Button>
            )}
          </Space>
        ) : null,
    },
  ];

  return (
    <Card title={t('findings.title')} size="small">
      <Flex vertical gap={12}>
        <Flex wrap gap={8}>
          <Select
            allowClear
            placeholder={t('findings.status')}
            style={{ width: 120 }}
            value={query.status}
            options={STATUSES.map((s) => ({ value: s, label: label('findingStatus', s) }))}
            onChange={(status?: FindingQuery['status']) => setQuery({ status })}
            data-testid="findings-filter-status"
          />
          <Select
            allowClear
            placeholder={t('findings.source')}
            style={{ width: 140 }}
            options={SOURCES.map((s) => ({ value: s, label: label('findingSource', s) }))}
            onChange={(source?: FindingQuery['source']) => setQuery({ source })}
          />
          <Select
            allowClear
            placeholder={t('notices.severity')}
            style={{ width: 150 }}
            options={SEVERITIES.map((s) => ({ value: s, label: label('severity', s) }))}
            onChange={(severity?: FindingQuery['severity']) => setQuery({ severity })}
          />
          <UnitSelect
            testId="findings-filter-unit"
            placeholder={t('notices.unit')}
            style={{ width: 200 }}
            onChange={(unitId) => setQuery({ unitId: unitId ?? undefined })}
          />
          {canRaise && (
            <Button onClick={() => setCreating(true)} data-testid="finding-new">
              {t('findings.new')}
            </Button>
          )}
        </Flex>
        <Table<Finding>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          scroll={{ x: 1200 }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.total,
            showTotal: (total: number) => t('common.total', { total }),
          }}
          onChange={(p) => setQuery({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
          expandable={{
            expandedRowKeys: expanded,
            onExpand: (_, f) => toggle(f.id),
            rowExpandable: (f) => renders.has(f.id),
            expandedRowRender: (f) => {
              const view = renders.get(f.id);
              return view ? (
                <Flex vertical gap={8} data-testid={`finding-render-${f.id}`}>
                  <Typography.Text strong>{t('monitoring.renderOfFinding')}</Typography.Text>
                  <RenderBlock render={view} />
                </Flex>
              ) : null;
            },
          }}
          data-testid="findings-table"
        />
      </Flex>
      <Modal
        open={dismissing !== null}
        title={`${t('findings.dismiss')} · ${dismissing?.title ?? ''}`}
        okButtonProps={{ danger: true }}
        onOk={() => form.submit()}
        onCancel={() => setDismissing(null)}
      >
        <Form form={form} layout="vertical" onFinish={dismiss}>
          <Form.Item
            name="reason"
            label={t('findings.dismissReason')}
            rules={[{ required: true, whitespace: true, message: t('notice.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="finding-dismiss-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <FindingDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          list.reload();
        }}
      />
    </Card>
  );
}
