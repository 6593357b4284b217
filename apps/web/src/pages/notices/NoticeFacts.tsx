import { Descriptions, Flex, Grid, List, Space, Tag, Typography } from 'antd';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SeverityTag } from './NoticeTags.tsx';
import type { NoticeDetail } from './notice-types.ts';

const pre = { whiteSpace: 'pre-wrap', margin: 0 } as const;

/** What the notice says: the facts, the requirements, where it came from. */
export function NoticeFacts({ notice }: { notice: NoticeDetail }) {
  const { t, label } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  return (
    <Flex vertical gap={16}>
      <Descriptions size="small" column={phone ? 1 : 2} bordered>
        <Descriptions.Item label={t('notices.unit')}>{notice.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('notices.asset')}>{notice.assetName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('notices.category')}>
          {label('noticeCategory', notice.category)}
        </Descriptions.Item>
        <Descriptions.Item label={t('notices.source')}>
          {label('noticeSource', notice.source)}
        </Descriptions.Item>
        <Descriptions.Item label={t('notices.requiresLeaderApproval')}>
          {notice.requiresLeaderApproval ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('notices.returnCount')}>{notice.returnCount}</Descriptions.Item>
        <Descriptions.Item label={t('notices.createdBy')}>
          {notice.createdBy.name} · {formatDateTime(notice.createdAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('notices.closedAt')}>
          {formatDateTime(notice.closedAt) || '—'}
        </Descriptions.Item>
        {notice.deadlineReason && (
          <Descriptions.Item label={t('notices.deadlineReason')} span={phone ? 1 : 2}>
            {notice.deadlineReason}
          </Descriptions.Item>
        )}
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('notices.description')}</Typography.Title>
        <Typography.Paragraph style={pre} data-testid="notice-description">
          {notice.description}
        </Typography.Paragraph>
      </div>
      <div>
        <Typography.Title level={5}>{t('notices.requiredActions')}</Typography.Title>
        <Typography.Paragraph style={pre}>{notice.requiredActions}</Typography.Paragraph>
      </div>
      {notice.findings.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('notice.findings')}</Typography.Title>
          <List
            size="small"
            dataSource={notice.findings}
            rowKey="id"
            renderItem={(f) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space wrap size={4}>
                      <SeverityTag severity={f.severity} />
                      <span>{f.title}</span>
                      <Tag>{label('findingStatus', f.status)}</Tag>
                      {f.isHomepage && <Tag color="red">{t('notice.homepage')}</Tag>}
                    </Space>
                  }
                  description={
                    <>
                      <div>
                        {label('findingSource', f.source)} · {f.detector}
                        {f.pageUrl && (
                          <>
                            {' · '}
                            <Typography.Text copyable ellipsis style={{ maxWidth: 360 }}>
                              {f.pageUrl}
                            </Typography.Text>
                          </>
                        )}
                      </div>
                      <div>
                        {t('notice.findingSeen', {
                          first: formatDateTime(f.firstSeenAt),
                          last: formatDateTime(f.lastSeenAt),
                        })}
                      </div>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </div>
      )}
    </Flex>
  );
}
