import { CameraOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, List, Select, Typography } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { uploadFile } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { NoticeAttachment } from './notice-types.ts';

const KINDS = ['evidence', 'rectification_report', 'other'] as const;
type Kind = (typeof KINDS)[number];

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A hidden file input behind a button. With `camera`, phones offer the camera directly
 * (accept="image/*" with capture); otherwise any accepted document.
 */
export function FilePickButton({
  noticeId,
  kind,
  camera = false,
  onUploaded,
  children,
  testId,
  block,
  size: buttonSize,
}: {
  noticeId: number;
  kind: Kind;
  camera?: boolean;
  /** Called once after a pick, with how many files were uploaded. */
  onUploaded: (count: number) => void;
  children: ReactNode;
  testId?: string;
  block?: boolean;
  size?: 'large' | 'middle';
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    try {
      for (const file of Array.from(files)) {
        await uploadFile(`/api/v1/notices/${noticeId}/attachments`, file, { kind });
        message.success(t('notice.uploaded', { file: file.name }));
      }
      onUploaded(files.length);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        // Not the `hidden` attribute: form styles can override it and show the bare input.
        style={{ display: 'none' }}
        multiple={!camera}
        accept={camera ? 'image/*' : 'image/*,.pdf,.docx,.xlsx,.txt'}
        capture={camera ? 'environment' : undefined}
        onChange={(e) => void upload(e.target.files)}
        data-testid={testId ? `${testId}-input` : undefined}
      />
      <Button
        icon={camera ? <CameraOutlined /> : <UploadOutlined />}
        loading={busy}
        block={block}
        size={buttonSize}
        onClick={() => input.current?.click()}
        data-testid={testId}
      >
        {children}
      </Button>
    </>
  );
}

/** The notice's files: download any, upload evidence or a rectification report when allowed. */
export function NoticeAttachments({
  noticeId,
  attachments,
  canUpload,
  onUploaded,
}: {
  noticeId: number;
  attachments: NoticeAttachment[];
  canUpload: boolean;
  onUploaded: () => void;
}) {
  const { t, label } = useI18n();
  const [kind, setKind] = useState<Kind>('evidence');
  return (
    <Flex vertical gap={12}>
      {canUpload && (
        <Flex wrap gap={8}>
          <Select<Kind>
            value={kind}
            onChange={setKind}
            style={{ width: 160 }}
            options={KINDS.map((k) => ({ value: k, label: label('attachmentKind', k) }))}
            aria-label={t('notice.uploadKind')}
            data-testid="attachment-kind"
          />
          <FilePickButton noticeId={noticeId} kind={kind} onUploaded={onUploaded} testId="attachment-upload">
            {t('notice.upload')}
          </FilePickButton>
        </Flex>
      )}
      <List<NoticeAttachment>
        dataSource={attachments}
        rowKey="id"
        locale={{ emptyText: t('notice.noAttachments') }}
        data-testid="attachment-list"
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta
              avatar={<PaperClipOutlined />}
              title={
                <a href={`/api/v1/notices/${noticeId}/attachments/${a.id}`} download={a.fileName}>
                  {a.fileName}
                </a>
              }
              description={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {label('attachmentKind', a.kind)} · {size(a.sizeBytes)} · {a.uploadedByName} ·{' '}
                  {formatDateTime(a.createdAt)}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Flex>
  );
}
