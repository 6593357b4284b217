import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Input,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, downloadFile } from '../../api/client.ts';
import { queryString } from '../../api/http-utils.ts';
import type { AuditEntry, AuditQuery } from '../../api/types.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { RequireAbility } from '../../auth/RequireAuth.tsx';
import { compactQuery } from '../../components/table-query.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AuditDiffTable } from './AuditDiffTable.tsx';
import { shanghaiDayRange } from './audit-period.ts';

const FIRST_PAGE: AuditQuery = { page: 1, pageSize: 20 };

async function loadAudit(query: AuditQuery) {
  const { data } = await api.GET('/api/v1/audit', { params: { query: compactQuery(query) } });
  return data ?? { items: [], total: 0 };
}

export function AuditPage() {
  const me = useMe();
  return (
    <RequireAbility me={me} ability="readAudit">
      <AuditView canVerify={me?.abilities.verifyAudit ?? false} />
    </RequireAbility>
  );
}

function AuditView({ canVerify }: { canVerify: boolean }) {
  const { t, label } = useI18n();
  const { modal, message } = App.useApp();
  const showError = useShowError();
  const list = usePagedList(loadAudit, FIRST_PAGE);
  const { query, setQuery } = list;
  const [verifying, setVerifying] = useState(false);

  const text = (key: 'actor' | 'action' | 'resourceType' | 'resourceId') => (value: string) =>
    setQuery({ [key]: value.trim() || undefined });

  const exportXlsx = async () => {
    const { page: _p, pageSize: _s, ...filters } = query;
    try {
      const name = await downloadFile(`/api/v1/audit/export.xlsx${queryString(filters)}`, 'audit.xlsx');
      message.success(t('common.downloadStarted', { file: name }));
    } catch (err) {
      showError(err);
    }
  };

  const verify = async () => {
    setVerifying(true);
    try {
      const { data } = await api.GET('/api/v1/audit/verify');
      if (!data) return;
      if (data.ok)
        modal.success({ title: t('audit.verify'), content: t('audit.verifyOk', { count: data.entries }) });
      else
        modal.error({
          title: t('audit.verify'),
          content: t('audit.verifyBroken', { id: data.firstBrokenId, reason: data.reason }),
        });
    } catch (err) {
      showError(err);
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      key: 'at',
      width: 170,
      fixed: 'left',
      render: (v: string) => formatDateTime(v, true),
    },
    { title: t('audit.actor'), dataIndex: 'actorName', key: 'actor', width: 120 },
    {
      title: t('audit.actorRole'),
      dataIndex: 'actorRole',
      key: 'role',
      width: 120,
      render: (r: string | null) => (r ? label('role', r) : ''),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      width: 150,
      render: (a: string) => <Tag>{a}</Tag>,
    },
    { title: t('audit.resourceType'), dataIndex: 'resourceType', key: 'resourceType', width: 110 },
    { title: t('audit.resourceId'), dataIndex: 'resourceId', key: 'resourceId', width: 100 },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', width: 130 },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      key: 'requestId',
      width: 150,
      render: (v: string | null) =>
        v && (
          <Typography.Text copyable={{ text: v }} ellipsis style={{ width: 120 }}>
            {v}
          </Typography.Text>
        ),
    },
  ];

  return (
    <Card title={t('audit.title')} size="small">
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('audit.actor')}
          onSearch={text('actor')}
          style={{ width: 150 }}
          data-testid="audit-actor"
        />
        <Input.Search
          allowClear
          placeholder={t('audit.action')}
          onSearch={text('action')}
          style={{ width: 160 }}
          data-testid="audit-action"
        />
        <Input.Search
          allowClear
          placeholder={t('audit.resourceType')}
          onSearch={text('resourceType')}
          style={{ width: 150 }}
        />
        <Input.Search
          allowClear
          placeholder={t('audit.resourceId')}
          onSearch={text('resourceId')}
          style={{ width: 130 }}
        />
        <DatePicker.RangePicker
          aria-label={t('audit.period')}
          onChange={(_, days) => {
            const [fromDay, toDay] = days ?? ['', ''];
            const range = shanghaiDayRange(fromDay || null, toDay || null);
            setQuery({ from: range.from, to: range.to });
          }}
        />
        <div style={{ flex: 1 }} />
        <Button icon={<DownloadOutlined />} onClick={exportXlsx} data-testid="audit-export">
          {t('audit.export')}
        </Button>
        {canVerify && (
          <Button
            icon={<SafetyCertificateOutlined />}
            onClick={verify}
            loading={verifying}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        )}
      </Flex>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        scroll={{ x: 1050 }}
        expandable={{
          expandedRowRender: (entry) => <AuditDiffTable before={entry.before} after={entry.after} />,
          rowExpandable: (entry) => entry.before != null || entry.after != null,
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.total,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        onChange={(p) => setQuery({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
      />
    </Card>
  );
}
