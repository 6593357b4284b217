import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { NoticeTimelineEntry } from './notice-types.ts';

const COLOUR: Record<string, string> = {
  close: 'green',
  return: 'red',
  reject_report: 'red',
  withdraw: 'gray',
  overdue: 'red',
  supervised: 'red',
  deadline_changed: 'orange',
  reopen: 'orange',
};

function noteOf(entry: NoticeTimelineEntry): string | null {
  const note = entry.data?.note;
  return typeof note === 'string' && note.trim() ? note : null;
}

/** The notice's full history, oldest first: who did what, when (China time), from which state to which, and why. */
export function NoticeTimeline({ entries }: { entries: NoticeTimelineEntry[] }) {
  const { t, label } = useI18n();
  if (entries.length === 0) return <Empty />;
  return (
    <Timeline
      data-testid="notice-timeline"
      items={entries.map((e) => ({
        key: e.id,
        color: COLOUR[e.action] ?? 'blue',
        title: (
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {formatDateTime(e.at, true)}
          </Typography.Text>
        ),
        content: (
          <div data-testid="timeline-entry" data-action={e.action}>
            <Space wrap size={4}>
              <Typography.Text strong>{label('noticeAction', e.action)}</Typography.Text>
              {e.fromState && e.toState && e.fromState !== e.toState && (
                <Tag>
                  {t('notice.stateChange', {
                    from: label('noticeState', e.fromState),
                    to: label('noticeState', e.toState),
                  })}
                </Tag>
              )}
            </Space>
            <div>
              <Typography.Text type="secondary">
                {e.actorName}
                {e.actorRole ? ` · ${label('role', e.actorRole)}` : ''}
              </Typography.Text>
            </div>
            {e.reason && (
              <Typography.Paragraph style={{ margin: '4px 0 0' }}>
                {t('notice.reasonLine', { reason: e.reason })}
              </Typography.Paragraph>
            )}
            {noteOf(e) && (
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                {noteOf(e)}
              </Typography.Paragraph>
            )}
          </div>
        ),
      }))}
    />
  );
}
