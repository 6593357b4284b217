import { Button, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { TopicAlert } from './topic-types.ts';

/** Alerts with why they fired; the duty officer acknowledges them here. */
export function AlertList({
  alerts,
  onChanged,
  withTopicLink = true,
}: {
  alerts: TopicAlert[];
  onChanged: () => void;
  withTopicLink?: boolean;
}) {
  const { t } = useI18n();
  const showError = useShowError();
  const acknowledge = async (id: number) => {
    try {
      await api.POST('/api/v1/topic-alerts/{id}/acknowledge', { params: { path: { id } } });
      onChanged();
    } catch (err) {
      showError(err);
    }
  };
  if (alerts.length === 0)
    return <Empty description={t('topics.alert.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <List
      size="small"
      dataSource={alerts}
      renderItem={(a) => (
        <List.Item
          data-testid={`topic-alert-${a.id}`}
          actions={
            a.abilities.acknowledge
              ? [
                  <Button
                    key="ack"
                    size="small"
                    data-testid={`topic-alert-ack-${a.id}`}
                    onClick={() => void acknowledge(a.id)}
                  >
                    {t('topics.alert.ack')}
                  </Button>,
                ]
              : []
          }
        >
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap size={4}>
              <Tag color={a.kind === 'topic' ? 'red' : 'volcano'}>{t(`topics.alert.kind.${a.kind}`)}</Tag>
              {withTopicLink ? (
                <Link to={`/topics/${a.topicId}`} data-testid={`topic-alert-link-${a.id}`}>
                  {a.title}
                </Link>
              ) : (
                <Typography.Text>{a.title}</Typography.Text>
              )}
              {a.place && <Typography.Text type="secondary">{a.place}</Typography.Text>}
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(a.firedAt)} ·{' '}
              {t('topics.alert.why', {
                count: a.why.count,
                expected: a.why.expected,
                growth: a.why.growth,
                sources: a.why.sources.distinct,
                regions: a.why.regions.distinct,
              })}
            </Typography.Text>
            {a.acknowledgedAt && (
              <Typography.Text type="success" style={{ fontSize: 12 }}>
                {t('topics.alert.acked', { name: a.acknowledgedByName ?? '' })}
              </Typography.Text>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}
