import { Alert, App, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, uploadFile } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { TopicsHeader } from './TopicsNav.tsx';
import type { ImportPreview } from './topic-types.ts';

function isPreview(value: unknown): value is ImportPreview {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ImportPreview).previewId === 'string' &&
    Array.isArray((value as ImportPreview).errors)
  );
}

/** Batch import of CSV / JSON / NDJSON items: a checked preview with an error per row, then confirm. */
export function TopicImportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const answer = await uploadFile('/api/v1/topic-import', file);
      if (isPreview(answer)) setPreview(answer);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/topic-import/{previewId}/confirm', {
        params: { path: { previewId: preview.previewId } },
      });
      if (data) message.success(t('topics.import.done', data));
      setPreview(null);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <TopicsHeader />
      <Alert type="info" showIcon message={t('topics.import.hint')} />
      <Upload
        accept=".csv,.json,.ndjson,.jsonl,.txt"
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button loading={busy} data-testid="topic-import-file">
          {t('topics.import.choose')}
        </Button>
      </Upload>
      {preview && (
        <Card
          size="small"
          title={t('topics.import.preview', { total: preview.totalRows, valid: preview.validRows })}
          data-testid="topic-import-preview"
          extra={
            <Button
              type="primary"
              disabled={preview.validRows === 0}
              loading={busy}
              onClick={() => void confirm()}
              data-testid="topic-import-confirm"
            >
              {t('topics.import.confirm')}
            </Button>
          }
        >
          {preview.errors.length > 0 && (
            <>
              <Typography.Title level={5}>{t('topics.import.errors')}</Typography.Title>
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.field}`}
                dataSource={preview.errors}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: t('topics.import.row'), dataIndex: 'row', width: 80 },
                  { title: t('topics.import.field'), dataIndex: 'field', width: 120 },
                  { title: t('topics.import.message'), dataIndex: 'message' },
                ]}
              />
            </>
          )}
          <Typography.Title level={5}>{t('topics.import.sample')}</Typography.Title>
          <Table
            size="small"
            rowKey="row"
            dataSource={preview.sample}
            pagination={false}
            columns={[
              { title: t('topics.import.row'), dataIndex: 'row', width: 80 },
              { title: t('topics.col.title'), dataIndex: 'title' },
              {
                title: t('topics.col.lastSeen'),
                dataIndex: 'time',
                width: 160,
                render: (v: string | null) => (v ? formatDateTime(v) : '—'),
              },
              {
                title: t('topics.detail.sources'),
                dataIndex: 'source',
                width: 140,
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('topics.col.regions'),
                dataIndex: 'region',
                width: 140,
                render: (v: string | null) => v ?? '—',
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
