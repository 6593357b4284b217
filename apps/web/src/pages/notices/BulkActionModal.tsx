import { Alert, Button, Form, Input, Modal, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { actionNeeds, type BulkAction, type BulkResult, summariseBulk } from './notice-logic.ts';
import type { NoticeSummary } from './notice-types.ts';

/**
 * Runs one action over the selected notices (each in its own transaction on the server), asking for a
 * reason when the action needs one, then shows what happened to each notice.
 */
export function BulkActionModal({
  action,
  notices,
  onClose,
}: {
  action: BulkAction | null;
  notices: NoticeSummary[];
  onClose: (changed: boolean) => void;
}) {
  const { t, label } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<{ reason?: string }>();
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<BulkResult[] | null>(null);

  useEffect(() => {
    if (action) {
      setResults(null);
      form.resetFields();
    }
  }, [action, form]);

  if (!action) return null;
  const needs = actionNeeds(action);
  // Notices that do not allow the action are still sent: the server answers why, row by row.
  const byId = new Map(notices.map((n) => [n.id, n]));
  const actionLabel = label('noticeAction', action);

  const run = async ({ reason }: { reason?: string }) => {
    setRunning(true);
    try {
      const { data } = await api.POST('/api/v1/notices/bulk', {
        body: { ids: notices.map((n) => n.id), action, reason: reason?.trim() || undefined },
      });
      setResults(data?.results ?? []);
    } catch (err) {
      showError(err, form);
    } finally {
      setRunning(false);
    }
  };

  const summary = results ? summariseBulk(results) : null;
  return (
    <Modal
      open
      width={720}
      title={
        results ? t('notices.bulkResults') : t('notices.bulk', { action: actionLabel, count: notices.length })
      }
      onCancel={() => onClose(results !== null)}
      footer={
        results ? (
          <Button type="primary" onClick={() => onClose(true)} data-testid="bulk-done">
            {t('common.close')}
          </Button>
        ) : (
          <>
            <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              danger={needs.danger}
              loading={running}
              onClick={() => form.submit()}
              data-testid="bulk-confirm"
            >
              {actionLabel}
            </Button>
          </>
        )
      }
    >
      {results && summary ? (
        <>
          <Alert
            type={summary.failed ? 'warning' : 'success'}
            showIcon
            title={t('notices.bulkSummary', summary)}
            style={{ marginBottom: 12 }}
            data-testid="bulk-summary"
          />
          <Table<BulkResult>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ y: 360 }}
            dataSource={results}
            data-testid="bulk-results"
            columns={[
              {
                title: t('notices.titleField'),
                key: 'notice',
                render: (_, r) => byId.get(r.id)?.docNumber ?? byId.get(r.id)?.title ?? `#${r.id}`,
              },
              {
                title: t('notice.deliveryStatus'),
                key: 'ok',
                width: 260,
                render: (_, r) =>
                  r.ok ? (
                    <Tag color="green">{t('notices.bulkOk')}</Tag>
                  ) : (
                    <Tag color="red">{r.message ?? r.code}</Tag>
                  ),
              },
            ]}
          />
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={run}>
          <p>{t('notices.selected', { count: notices.length })}</p>
          {needs.reason && (
            <Form.Item
              name="reason"
              label={t('notices.bulkReason')}
              rules={[{ required: true, whitespace: true, message: t('notice.reasonRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} data-testid="bulk-reason" />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}
