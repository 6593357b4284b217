import { Empty, Table, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { auditDiff, type DiffRow } from './audit-diff.ts';

/** Before/after of one audit entry, field by field, changed fields highlighted. */
export function AuditDiffTable({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  const rows = auditDiff(before, after);
  if (rows.length === 0) return <Empty description={t('audit.noChanges')} />;
  const cell = (changed: boolean, tone: 'danger' | 'success') => (v: string) =>
    changed ? (
      <Typography.Text type={tone}>{v}</Typography.Text>
    ) : (
      <Typography.Text type="secondary">{v}</Typography.Text>
    );
  return (
    <Table<DiffRow>
      rowKey="field"
      size="small"
      pagination={false}
      data-testid="audit-diff"
      dataSource={rows}
      columns={[
        {
          title: t('audit.field'),
          dataIndex: 'field',
          key: 'field',
          width: 160,
          render: (f: string, r) => (r.changed ? <strong>{f}</strong> : f),
        },
        {
          title: t('audit.before'),
          dataIndex: 'before',
          key: 'before',
          render: (v: string, r) => cell(r.changed, 'danger')(v),
        },
        {
          title: t('audit.after'),
          dataIndex: 'after',
          key: 'after',
          render: (v: string, r) => cell(r.changed, 'success')(v),
        },
      ]}
    />
  );
}
