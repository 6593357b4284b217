import { DownloadOutlined, FileOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Image, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { declaredExtension, type EvidenceFile, formatBytes, nameMismatch } from './settings-logic.ts';

const THUMB = 96;

/**
 * A case's evidence files for staff who may read the case: thumbnails of images (click to preview), and
 * for every file its name, what the name claims, what the bytes were, how it is stored, its size and a
 * download. Files come from the case's evidence routes, which check the caller's access to the case.
 */
export function CaseEvidence({ caseId }: { caseId: number }) {
  const { t } = useI18n();
  const showError = useShowError();
  const [files, setFiles] = useState<EvidenceFile[] | null>(null);

  useEffect(() => {
    let current = true;
    api
      .GET('/api/v1/intake/cases/{id}/files', { params: { path: { id: caseId } } })
      .then(({ data }) => {
        if (current) setFiles(data?.items ?? []);
      })
      .catch((err) => {
        if (current) setFiles([]);
        showError(err);
      });
    return () => {
      current = false;
    };
  }, [caseId, showError]);

  return (
    <Card size="small" title={t('intake.files.title')} data-testid="case-files">
      {files === null ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : files.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.files.none')} />
      ) : (
        <Flex vertical gap={12}>
          <Image.PreviewGroup>
            {files.map((f) => (
              <Flex key={f.id} gap={12} align="start" data-testid={`case-file-${f.id}`}>
                {f.mediaType.startsWith('image/') ? (
                  <Image
                    src={f.url}
                    alt={f.name}
                    width={THUMB}
                    height={THUMB}
                    style={{ objectFit: 'cover', borderRadius: 4 }}
                    data-testid={`case-file-thumb-${f.id}`}
                  />
                ) : (
                  <Flex
                    align="center"
                    justify="center"
                    style={{ width: THUMB, height: THUMB, background: '#fafafa', borderRadius: 4 }}
                  >
                    <FileOutlined style={{ fontSize: 32, color: '#8c8c8c' }} />
                  </Flex>
                )}
                <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
                  <Typography.Text
                    strong
                    ellipsis={{ tooltip: f.name }}
                    data-testid={`case-file-name-${f.id}`}
                  >
                    {f.name}
                  </Typography.Text>
                  <Space wrap size={4}>
                    <Tag>
                      {t('intake.files.declared')}: {declaredExtension(f.name) || '—'}
                    </Tag>
                    <Tag color="blue" data-testid={`case-file-sniffed-${f.id}`}>
                      {t('intake.files.sniffed')}: {f.sniffedType ?? t('intake.files.notRecorded')}
                    </Tag>
                    <Tag data-testid={`case-file-type-${f.id}`}>
                      {t('intake.files.stored')}: {f.mediaType}
                    </Tag>
                    {nameMismatch(f) && (
                      <Tooltip title={t('intake.files.note')}>
                        <Tag
                          color="orange"
                          icon={<WarningOutlined />}
                          data-testid={`case-file-mismatch-${f.id}`}
                        >
                          {t('intake.files.mismatch')}
                        </Tag>
                      </Tooltip>
                    )}
                  </Space>
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: 12 }}
                    data-testid={`case-file-size-${f.id}`}
                  >
                    {t('intake.files.size')}: {formatBytes(f.size)}
                    {f.originalSize !== f.size &&
                      ` (${t('intake.files.sent', { size: formatBytes(f.originalSize) })})`}
                    {f.width !== null && f.height !== null && ` · ${f.width}×${f.height}`}
                  </Typography.Text>
                  <div>
                    <Button
                      size="small"
                      icon={<DownloadOutlined />}
                      href={f.url}
                      download={f.name}
                      data-testid={`case-file-download-${f.id}`}
                    >
                      {t('intake.files.download')}
                    </Button>
                  </div>
                </Flex>
              </Flex>
            ))}
          </Image.PreviewGroup>
          {files.some((f) => f.mediaType.startsWith('image/')) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('intake.files.note')}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Card>
  );
}
