import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Grid, List, Popover, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { InboxMessage } from '../settings/settings-types.ts';

const POLL_MS = 60_000;
const INBOX_CHANGED = 'shouwang:inbox-changed';

/** Tells the bell that messages were read elsewhere (the notifications page), so it re-counts now. */
export function notifyInboxChanged(): void {
  window.dispatchEvent(new Event(INBOX_CHANGED));
}

/** Where a message leads: its notice, or the link the server gave (only paths inside this app). */
export function messageTarget(m: { noticeId: number | null; link: string | null }): string | null {
  if (m.noticeId) return `/notices/${m.noticeId}`;
  if (m.link?.startsWith('/') && !m.link.startsWith('//')) return m.link;
  return null;
}

/** Unread count polled every minute (and when the tab comes back), a short list, mark read, go to the notice. */
export function NotificationBell() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const showError = useShowError();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<InboxMessage[] | null>(null);
  const phone = Grid.useBreakpoint().md === false;

  const poll = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/inbox/unread-count');
      setCount(data?.count ?? 0);
    } catch {
      // A missed poll is retried in a minute; the sign-in redirect handles expired sessions.
    }
  }, []);

  useEffect(() => {
    void poll();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void poll();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void poll();
    };
    const onChanged = () => void poll();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener(INBOX_CHANGED, onChanged);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener(INBOX_CHANGED, onChanged);
    };
  }, [poll]);

  const loadList = useCallback(async () => {
    setItems(null);
    try {
      const { data } = await api.GET('/api/v1/inbox', { params: { query: { unread: true, pageSize: 10 } } });
      setItems(data?.items ?? []);
      setCount(data?.total ?? 0);
    } catch (err) {
      setItems([]);
      showError(err);
    }
  }, [showError]);

  const markRead = async (m: InboxMessage) => {
    try {
      await api.POST('/api/v1/inbox/{id}/read', { params: { path: { id: m.id } } });
      setItems((list) => list?.filter((x) => x.id !== m.id) ?? null);
      setCount((c) => Math.max(0, c - 1));
    } catch (err) {
      showError(err);
    }
  };

  const markAll = async () => {
    try {
      await api.POST('/api/v1/inbox/read-all');
      setItems([]);
      setCount(0);
    } catch (err) {
      showError(err);
    }
  };

  const go = (m: InboxMessage) => {
    const target = messageTarget(m);
    void markRead(m);
    setOpen(false);
    if (target) navigate(target);
  };

  const content = (
    <div style={{ width: 'min(360px, calc(100vw - 32px))' }} data-testid="bell-list">
      {items === null ? (
        <Spin style={{ display: 'block', margin: 24 }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
      ) : (
        <List<InboxMessage>
          size="small"
          dataSource={items}
          rowKey="id"
          style={{ maxHeight: 400, overflow: 'auto' }}
          renderItem={(m) => (
            <List.Item
              actions={[
                <Button
                  key="read"
                  type="text"
                  size="small"
                  icon={<CheckOutlined />}
                  aria-label={t('bell.markRead')}
                  title={t('bell.markRead')}
                  onClick={() => void markRead(m)}
                  data-testid={`bell-read-${m.id}`}
                />,
              ]}
            >
              <List.Item.Meta
                title={
                  <Typography.Link onClick={() => go(m)} data-testid={`bell-item-${m.id}`}>
                    {m.title}
                  </Typography.Link>
                }
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                      {m.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {label('topic', m.topic)} · {formatDateTime(m.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Flex justify="space-between" style={{ marginTop: 8 }}>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
          data-testid="bell-all"
        >
          {t('bell.viewAll')}
        </Button>
        {items && items.length > 0 && (
          <Button size="small" onClick={() => void markAll()} data-testid="bell-read-all">
            {t('bell.markAll')}
          </Button>
        )}
      </Flex>
    </div>
  );

  const bell = (
    <Badge count={count} size="small" overflowCount={99} data-testid="bell-count">
      <BellOutlined style={{ fontSize: 18 }} />
    </Badge>
  );
  // A phone has no room for a dropdown list: the bell opens the full notifications page.
  if (phone)
    return (
      <Button
        type="text"
        aria-label={t('bell.title')}
        onClick={() => navigate('/notifications')}
        data-testid="bell"
      >
        {bell}
      </Button>
    );

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void loadList();
      }}
      trigger="click"
      placement="bottomRight"
      title={t('bell.title')}
      content={content}
    >
      <Button type="text" aria-label={t('bell.title')} data-testid="bell">
        {bell}
      </Button>
    </Popover>
  );
}
