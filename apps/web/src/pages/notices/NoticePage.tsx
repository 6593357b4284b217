import { ArrowLeftOutlined, CalendarOutlined, EditOutlined, FileWordOutlined } from '@ant-design/icons';
import type { NoticeAction } from '@shouwang/common';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Grid,
  Result,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, downloadFile } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import { DeadlineDialog } from './DeadlineDialog.tsx';
import { DeliveriesTab } from './DeliveriesTab.tsx';
import { NoticeAttachments } from './NoticeAttachments.tsx';
import { NoticeFacts } from './NoticeFacts.tsx';
import { Deadline, FlagTags, SeverityTag, StateTag } from './NoticeTags.tsx';
import { NoticeTimeline } from './NoticeTimeline.tsx';
import { transitionActions } from './notice-logic.ts';
import type { NoticeDetail } from './notice-types.ts';

/** Hook: one notice, loaded by id, with a reload and a setter for the server's answers to actions. */
export function useNotice(id: number) {
  const showError = useShowError();
  const [notice, setNotice] = useState<NoticeDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const reload = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/notices/{id}', { params: { path: { id } } });
      setNotice(data ?? null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setMissing(true);
      else showError(err);
    }
  }, [id, showError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { notice, setNotice, missing, reload };
}

/** One notice: header, actions the server allows, facts, timeline, files and the delivery log. */
export function NoticePage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const showError = useShowError();
  const phone = Grid.useBreakpoint().md === false;
  const id = Number(useParams().id);
  const { notice, setNotice, missing, reload } = useNotice(id);
  const [action, setAction] = useState<NoticeAction | null>(null);
  const [deadlineOpen, setDeadlineOpen] = useState(false);
  const [tab, setTab] = useState('facts');

  if (missing || !Number.isInteger(id))
    return <Result status="404" title="404" subTitle={t('notices.notFound')} />;
  if (!notice) return <Skeleton active paragraph={{ rows: 10 }} />;

  const done = (next: NoticeDetail | null) => {
    setAction(null);
    setDeadlineOpen(false);
    if (next) setNotice(next);
    else void reload();
  };

  const download = async (path: 'document.docx' | 'report-back.docx', fallback: string) => {
    try {
      const name = await downloadFile(`/api/v1/notices/${notice.id}/${path}`, fallback);
      message.success(t('common.downloadStarted', { file: name }));
    } catch (err) {
      showError(err);
    }
  };

  const actions = transitionActions(notice.allowedActions);
  const canEdit = notice.allowedActions.includes('edit') && notice.abilities.edit === true;
  const hasReport = notice.reportedAt !== null;

  const header = (
    <Flex vertical gap={8}>
      <Space wrap size={8}>
        <SeverityTag severity={notice.severity} />
        <StateTag state={notice.state} />
        <FlagTags overdue={notice.overdue} supervisionLevel={notice.supervisionLevel} />
        <Tag>{label('tlp', notice.tlp)}</Tag>
      </Space>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="notice-title">
        {notice.title}
      </Typography.Title>
      <Typography.Text type="secondary" data-testid="notice-doc-number">
        {notice.docNumber ?? t('notices.noDocNumber')} · {notice.unitName} · {notice.regionName}
      </Typography.Text>
      <Descriptions size="small" column={phone ? 1 : 3}>
        <Descriptions.Item label={t('notices.signDue')}>
          <Deadline
            at={notice.signDueAt}
            provisional={notice.deadlineProvisional}
            overdue={notice.overdue && notice.state === 'issued'}
          />
        </Descriptions.Item>
        <Descriptions.Item label={t('notices.rectifyDue')}>
          <span data-testid="notice-rectify-due">
            <Deadline
              at={notice.rectifyDueAt}
              provisional={notice.deadlineProvisional}
              overdue={notice.overdue && notice.state !== 'issued'}
            />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('notices.issuedAt')}>
          {formatDateTime(notice.issuedAt) || '—'}
        </Descriptions.Item>
      </Descriptions>
    </Flex>
  );

  const toolbar = (
    <Flex wrap gap={8} data-testid="notice-actions">
      {actions.map((a) => (
        <Button
          key={a}
          type={a === 'return' || a === 'withdraw' || a === 'reject_report' ? 'default' : 'primary'}
          danger={a === 'return' || a === 'withdraw' || a === 'reject_report'}
          size={phone ? 'large' : 'middle'}
          block={phone}
          onClick={() => setAction(a)}
          data-testid={`action-${a}`}
        >
          {label('noticeAction', a)}
        </Button>
      ))}
      {canEdit && (
        <Button
          icon={<EditOutlined />}
          onClick={() => navigate(`/notices/${notice.id}/edit`)}
          data-testid="notice-edit"
        >
          {t('notice.edit')}
        </Button>
      )}
      {notice.abilities.changeDeadline && (
        <Button
          icon={<CalendarOutlined />}
          onClick={() => setDeadlineOpen(true)}
          data-testid="notice-deadline"
        >
          {t('notice.changeDeadline')}
        </Button>
      )}
      {notice.abilities.exportDocx && notice.docNumber && (
        <Button
          icon={<FileWordOutlined />}
          onClick={() => download('document.docx', 'notice.docx')}
          data-testid="notice-docx"
        >
          {t('notice.downloadDocx')}
        </Button>
      )}
      {notice.abilities.exportDocx && hasReport && (
        <Button
          icon={<FileWordOutlined />}
          onClick={() => download('report-back.docx', 'report-back.docx')}
          data-testid="notice-report-docx"
        >
          {t('notice.downloadReport')}
        </Button>
      )}
      {actions.length === 0 && !canEdit && !notice.abilities.changeDeadline && (
        <Typography.Text type="secondary">{t('notice.noActions')}</Typography.Text>
      )}
    </Flex>
  );

  const tabs = [
    { key: 'facts', label: t('notice.facts'), children: <NoticeFacts notice={notice} /> },
    {
      key: 'timeline',
      label: `${t('notice.timeline')} (${notice.timeline.length})`,
      children: <NoticeTimeline entries={notice.timeline} />,
    },
    {
      key: 'attachments',
      label: `${t('notice.attachments')} (${notice.attachments.length})`,
      children: (
        <NoticeAttachments
          noticeId={notice.id}
          attachments={notice.attachments}
          canUpload={notice.abilities.upload === true}
          onUploaded={() => void reload()}
        />
      ),
    },
    // The delivery log is the office's tool for checking who was told; units see their own inbox.
    ...(me.abilities.unitInbox
      ? []
      : [
          {
            key: 'deliveries',
            label: t('notice.deliveries'),
            children: tab === 'deliveries' ? <DeliveriesTab noticeId={notice.id} /> : null,
          },
        ]),
  ];

  return (
    <Flex vertical gap={12}>
      <Link to={me.abilities.unitInbox ? '/my-notices' : '/notices'}>
        <ArrowLeftOutlined /> {t('common.back')}
      </Link>
      <Card size="small">
        <Flex vertical gap={12}>
          {header}
          {toolbar}
        </Flex>
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={tabs.map((x) => ({
            ...x,
            label: <span data-testid={`notice-tab-${x.key}`}>{x.label}</span>,
          }))}
        />
      </Card>
      <ActionDialog notice={notice} action={action} onClose={() => setAction(null)} onDone={done} />
      <DeadlineDialog
        notice={notice}
        open={deadlineOpen}
        onClose={() => setDeadlineOpen(false)}
        onDone={done}
      />
    </Flex>
  );
}
