import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Radio, Space, Spin, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, downloadFile, uploadFile } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { type ImportPreviewData, type ImportRowError, parseImportPreview } from './import-preview.ts';

type Mode = 'create' | 'upsert';

/** Template → upload (checked by the server, nothing stored yet) → review errors → confirm the valid rows. */
export function ImportWizard({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [mode, setMode] = useState<Mode>('create');
  const [uploading, setUploading] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [rejected, setRejected] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreviewData | null>(null);

  const reset = () => {
    setPreview(null);
    setRejected(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const template = async () => {
    try {
      const name = await downloadFile('/api/v1/assets/import/template.xlsx', 'assets-template.xlsx');
      message.success(t('common.downloadStarted', { file: name }));
    } catch (err) {
      showError(err);
    }
  };

  const upload = async (file: File) => {
    setUploading(true);
    setRejected(null);
    try {
      const answer = parseImportPreview(await uploadFile(`/api/v1/assets/import?mode=${mode}`, file));
      if (!answer) throw new ApiError(500, 'bad_answer', t('error.boundary'));
      setPreview(answer);
    } catch (err) {
      // A file refused as a whole (wrong type, too large, missing columns): say why, stay on this step.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && !err.needsSignIn) {
        setRejected([err.message, ...err.details.map((d) => d.message)].join(' '));
      } else {
        showError(err);
      }
    } finally {
      setUploading(false);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setConfirming(true);
    try {
      const { data } = await api.POST('/api/v1/assets/import/{previewId}/confirm', {
        params: { path: { previewId: preview.previewId } },
      });
      message.success(t('import.done', { count: data?.imported ?? preview.validRows }));
      reset();
      onImported();
    } catch (err) {
      showError(err);
    } finally {
      setConfirming(false);
    }
  };

  const step = preview ? 2 : 1;
  return (
    <Modal open={open} title={t('import.title')} onCancel={close} footer={null} width={760} destroyOnHidden>
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 20 }}
        items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]}
      />
      {!preview && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Alert
            type="info"
            showIcon
            title={t('import.templateHint')}
            action={
              <Button icon={<DownloadOutlined />} onClick={template} data-testid="import-template">
                {t('import.downloadTemplate')}
              </Button>
            }
          />
          <div>
            <Typography.Text style={{ marginRight: 12 }}>{t('import.mode')}</Typography.Text>
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value)}
              options={[
                { value: 'create', label: t('import.modeCreate') },
                { value: 'upsert', label: t('import.modeUpsert') },
              ]}
            />
          </div>
          {rejected && (
            <Alert
              type="error"
              showIcon
              title={t('import.rejected')}
              description={rejected}
              data-testid="import-rejected"
            />
          )}
          <Spin spinning={uploading} description={t('import.uploading')}>
            <div data-testid="import-upload">
              <Upload.Dragger
                accept=".xlsx,.csv"
                multiple={false}
                showUploadList={false}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('import.uploadHint')}</p>
              </Upload.Dragger>
            </div>
          </Spin>
        </Space>
      )}
      {preview && (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Alert
            type={preview.errors.length ? 'warning' : 'success'}
            showIcon
            data-testid="import-summary"
            title={t('import.summary', {
              file: preview.fileName,
              total: preview.totalRows,
              valid: preview.validRows,
              errors: preview.errors.length,
            })}
          />
          {preview.errors.length > 0 && (
            <Table<ImportRowError>
              size="small"
              title={() => t('import.errorsTitle')}
              rowKey={(e) => `${e.row}-${e.field}-${e.message}`}
              dataSource={preview.errors}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              data-testid="import-errors"
              scroll={{ x: 500 }}
              columns={[
                { title: t('import.row'), dataIndex: 'row', key: 'row', width: 70 },
                { title: t('import.field'), dataIndex: 'field', key: 'field', width: 120 },
                { title: t('import.message'), dataIndex: 'message', key: 'message' },
              ]}
            />
          )}
          {preview.validRows === 0 && <Alert type="error" showIcon title={t('import.noValidRows')} />}
          <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button onClick={reset} data-testid="import-reupload">
              {t('import.reupload')}
            </Button>
            <Button
              type="primary"
              disabled={preview.validRows === 0}
              loading={confirming}
              onClick={confirm}
              data-testid="import-confirm"
            >
              {t('import.confirm', { count: preview.validRows })}
            </Button>
          </Space>
        </Space>
      )}
    </Modal>
  );
}
