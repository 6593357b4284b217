import type { NotificationTopic } from '@shouwang/common';

/** One topic's message: a one-line title (subject, robot heading) and a body; {placeholders} filled in. */
export interface TopicText {
  title: string;
  body: string;
}

/** Everything a locale supplies to the notification module: message templates and validation messages. */
export interface NotificationText {
  topics: Record<NotificationTopic, TopicText>;
  /** Appended to the body when the change carries a reason. */
  reasonLine: string;
  /** Appended with the link to the notice. */
  linkLine: string;
  /** Shown where a deadline is not set. */
  noDeadline: string;
  /** Supervision levels 1-3 (督办 ladder). */
  levels: Record<'1' | '2' | '3', string>;
  severities: Record<'I' | 'II' | 'III' | 'IV', string>;
  /** The channel test message. */
  test: TopicText;
  validation: {
    url_invalid: string;
    url_required: string;
    secret_required: string;
    host_required: string;
    port_invalid: string;
    from_invalid: string;
    topics_invalid: string;
    region_not_found: string;
    test_email_needs_address: string;
    pref_topic_invalid: string;
  };
}
