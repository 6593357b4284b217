import { RightOutlined } from '@ant-design/icons';
import type { NoticeAction } from '@shouwang/common';
import { Button, Card, Empty, Flex, Segmented, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import { FilePickButton } from './NoticeAttachments.tsx';
import { Deadline, FlagTags, SeverityTag, StateTag } from './NoticeTags.tsx';
import { currentDeadline, deadlineUrgency, inboxOrder } from './notice-logic.ts';
import type { NoticeDetail, NoticeSummary } from './notice-types.ts';

/** The unit's working states first; closed notices are one tap away. */
const OPEN = 'issued,signed,rectifying,awaiting_approval,returned,reported,verifying';
const CARD_ACTIONS: readonly NoticeAction[] = [
  'sign',
  'report_back',
  'progress',
  'approve_report',
  'reject_report',
];
const BORDER: Record<string, string> = {
  overdue: '#ff4d4f',
  soon: '#faad14',
  ok: '#f0f0f0',
  none: '#f0f0f0',
};

function InboxCard({
  notice,
  onAction,
  onUploaded,
}: {
  notice: NoticeSummary;
  onAction: (notice: NoticeSummary, action: NoticeAction) => void;
  onUploaded: () => void;
}) {
  const { t, label } = useI18n();
  const due = currentDeadline(notice);
  const urgency = deadlineUrgency(notice, new Date());
  const actions = CARD_ACTIONS.filter((a) => notice.allowedActions.includes(a));
  // Evidence belongs to the rectification work: offer the camera while the unit can still report back.
  const canPhoto =
    notice.allowedActions.includes('report_back') || notice.allowedActions.includes('progress');
  return (
    <Card
      size="small"
      style={{ borderColor: BORDER[urgency], borderWidth: urgency === 'overdue' ? 2 : 1 }}
      data-testid={`inbox-card-${notice.id}`}
      data-urgency={urgency}
    >
      <Flex vertical gap={8}>
        <Space wrap size={4}>
          <SeverityTag severity={notice.severity} />
          <StateTag state={notice.state} />
          <FlagTags overdue={notice.overdue} supervisionLevel={notice.supervisionLevel} />
        </Space>
        <Link to={`/notices/${notice.id}`} style={{ fontSize: 16, fontWeight: 600 }}>
          {notice.title} <RightOutlined style={{ fontSize: 12 }} />
        </Link>
        <Typography.Text type="secondary">{notice.docNumber ?? ''}</Typography.Text>
        {due && (
          <Flex gap={4} align="center" wrap>
            <Typography.Text>
              {due.kind === 'sign' ? t('notices.signDue') : t('notices.rectifyDue')}
            </Typography.Text>
            <Deadline at={due.at} provisional={notice.deadlineProvisional} overdue={urgency === 'overdue'} />
          </Flex>
        )}
        {(actions.length > 0 || canPhoto) && (
          <Flex vertical gap={8}>
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'reject_report' || a === 'progress' ? 'default' : 'primary'}
                danger={a === 'reject_report'}
                size="large"
                block
                onClick={() => onAction(notice, a)}
                data-testid={`inbox-${a}-${notice.id}`}
              >
                {label('noticeAction', a)}
              </Button>
            ))}
            {canPhoto && (
              <FilePickButton
                noticeId={notice.id}
                kind="evidence"
                camera
                block
                size="large"
                onUploaded={onUploaded}
                testId={`inbox-photo-${notice.id}`}
              >
                {t('inbox.photo')}
              </FilePickButton>
            )}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

/** The unit's inbox, made for a phone: open notices as cards, overdue first, then by deadline. */
export function UnitInboxPage() {
  const { t } = useI18n();
  const showError = useShowError();
  const [view, setView] = useState<'open' | 'closed'>('open');
  const [items, setItems] = useState<NoticeSummary[] | null>(null);
  const [acting, setActing] = useState<{ notice: NoticeDetail; action: NoticeAction } | null>(null);

  const load = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/notices', {
        params: {
          query:
            view === 'open'
              ? { state: OPEN, pageSize: 200 }
              : { state: 'closed', pageSize: 50, sort: 'updatedAt', order: 'desc' },
        },
      });
      setItems(data?.items ?? []);
    } catch (err) {
      showError(err);
    }
  }, [view, showError]);
  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);

  const sorted = useMemo(() => (items && view === 'open' ? inboxOrder(items) : (items ?? [])), [items, view]);

  // Transitions need the notice's current version, which only the detail carries.
  const startAction = async (summary: NoticeSummary, action: NoticeAction) => {
    try {
      const { data } = await api.GET('/api/v1/notices/{id}', { params: { path: { id: summary.id } } });
      if (data) setActing({ notice: data, action });
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('inbox.title')}
        </Typography.Title>
        <Segmented
          value={view}
          onChange={setView}
          options={[
            { value: 'open', label: t('noticeDash.open') },
            { value: 'closed', label: t('inbox.showClosed') },
          ]}
          data-testid="inbox-view"
        />
      </Flex>
      {view === 'open' && <Typography.Text type="secondary">{t('inbox.intro')}</Typography.Text>}
      {items === null ? (
        <Skeleton active />
      ) : sorted.length === 0 ? (
        <Empty description={t('inbox.empty')} />
      ) : (
        <Flex vertical gap={12} data-testid="inbox-cards">
          {sorted.map((n) => (
            <InboxCard key={n.id} notice={n} onAction={startAction} onUploaded={() => void load()} />
          ))}
        </Flex>
      )}
      {acting && (
        <ActionDialog
          notice={acting.notice}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            void load();
          }}
        />
      )}
    </Flex>
  );
}
