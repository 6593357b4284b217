import { Button, Card, Flex, List, Pagination, Switch, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { usePagedList } from '../../components/usePagedList.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { InboxMessage } from '../settings/settings-types.ts';
import { messageTarget, notifyInboxChanged } from './NotificationBell.tsx';

type Query = { page?: number; pageSize?: number; unread?: boolean };

async function loadMessages(query: Query) {
  const { data } = await api.GET('/api/v1/inbox', { params: { query } });
  return data ?? { items: [], total: 0 };
}

/** Every in-app notification of the signed-in user, newest first. */
export function NotificationsPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const showError = useShowError();
  const list = usePagedList<InboxMessage, Query>(loadMessages, { page: 1, pageSize: 20 });

  const open = async (m: InboxMessage) => {
    try {
      if (!m.readAt) {
        await api.POST('/api/v1/inbox/{id}/read', { params: { path: { id: m.id } } });
        notifyInboxChanged();
      }
    } catch (err) {
      showError(err);
    }
    const target = messageTarget(m);
    if (target) navigate(target);
    else list.reload();
  };

  const markAll = async () => {
    try {
      await api.POST('/api/v1/inbox/read-all');
      notifyInboxChanged();
      list.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Card
      size="small"
      title={t('bell.allTitle')}
      extra={
        <Flex gap={12} align="center">
          <Flex gap={4} align="center">
            <Switch
              size="small"
              checked={list.query.unread === true}
              onChange={(on) => list.setQuery({ unread: on || undefined })}
            />
            <span>{t('bell.onlyUnread')}</span>
          </Flex>
          <Button size="small" onClick={() => void markAll()}>
            {t('bell.markAll')}
          </Button>
        </Flex>
      }
    >
      <List<InboxMessage>
        loading={list.loading}
        dataSource={list.items}
        rowKey="id"
        locale={{ emptyText: t('bell.empty') }}
        data-testid="notifications-list"
        renderItem={(m) => (
          <List.Item onClick={() => void open(m)} style={{ cursor: 'pointer' }}>
            <List.Item.Meta
              title={
                <Flex gap={6} align="center" wrap>
                  {!m.readAt && <Tag color="blue">{t('bell.new')}</Tag>}
                  <Typography.Text strong={!m.readAt}>{m.title}</Typography.Text>
                </Flex>
              }
              description={
                <>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {label('topic', m.topic)} · {formatDateTime(m.createdAt)}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      <Pagination
        size="small"
        current={list.query.page}
        pageSize={list.query.pageSize}
        total={list.total}
        onChange={(page, pageSize) => list.setQuery({ page, pageSize })}
        style={{ marginTop: 12, textAlign: 'right' }}
      />
    </Card>
  );
}
