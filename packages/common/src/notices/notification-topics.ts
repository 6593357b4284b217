/** What the notice loop announces. The dispatcher decides who hears each topic on which channel. */
export const NOTIFICATION_TOPICS = [
  'notice.issued',
  'notice.signed',
  'notice.report_pending_approval',
  'notice.reported',
  'notice.returned',
  'notice.closed',
  'notice.withdrawn',
  'notice.reopened',
  'notice.deadline_changed',
  'notice.reminder',
  'notice.overdue',
  'notice.supervised',
  'finding.raised',
  'finding.resolved',
  'intake.dispatched',
  'intake.reminder',
  'intake.overdue',
  'intake.supervised',
  'topic.alert',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

export const NOTIFICATION_CHANNELS = ['inapp', 'email', 'wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
