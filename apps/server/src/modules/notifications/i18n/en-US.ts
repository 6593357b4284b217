import type { NotificationText } from '../message-text.ts';

/** English notification texts. {ref} is "doc number «title»", {unit} the unit, {signDue}/{rectifyDue}/{due} deadlines. */
export const notificationTextEnUS: NotificationText = {
  topics: {
    'notice.issued': {
      title: '[Notice] {ref} issued; sign by {signDue}',
      body: '{unit}:\nNotice {ref} has been issued. Sign it by {signDue}, rectify and report back by {rectifyDue}.',
    },
    'notice.signed': {
      title: '[Signed] {unit} signed {ref}',
      body: '{unit} signed notice {ref}; rectification is due by {rectifyDue}.',
    },
    'notice.report_pending_approval': {
      title: '[Approval] The report-back on {ref} awaits the unit leader',
      body: 'A report-back on notice {ref} was submitted; approve it to send it to the office.',
    },
    'notice.reported': {
      title: '[Reported] {unit} reported back on {ref}',
      body: '{unit} reported back on notice {ref}; please verify it.',
    },
    'notice.returned': {
      title: '[Returned] The report-back on {ref} was returned; rectify by {rectifyDue}',
      body: 'The report-back on notice {ref} did not pass verification. Rectify again and report back by {rectifyDue}.',
    },
    'notice.closed': {
      title: '[Closed] {ref} verified and closed',
      body: 'Notice {ref} was verified as rectified and closed.',
    },
    'notice.withdrawn': {
      title: '[Withdrawn] {ref} withdrawn',
      body: 'Notice {ref} was withdrawn by the office; no further action is needed.',
    },
    'notice.reopened': {
      title: '[Reopened] {ref} reopened; rectify by {rectifyDue}',
      body: 'Closed notice {ref} was reopened. Rectify and report back by {rectifyDue}.',
    },
    'notice.deadline_changed': {
      title: '[Deadline] The deadlines of {ref} changed',
      body: 'The deadlines of notice {ref} changed: sign by {signDue}, rectify by {rectifyDue}.',
    },
    'notice.reminder': {
      title: '[Reminder] {ref} is due {due}',
      body: 'Notice {ref} is due {due}; please act on it.',
    },
    'notice.overdue': {
      title: '[Overdue] {ref} is overdue',
      body: 'Notice {ref} passed its deadline {due}; act on it now and explain the delay.',
    },
    'notice.supervised': {
      title: '[Supervision] {ref} is overdue: {level}',
      body: 'Notice {ref} passed its deadline {due} and is now under {level}; {unit} must rectify and report back at once.',
    },
    'finding.raised': {
      title: '[Finding] {findingTitle} ({severity})',
      body: 'Monitoring found: {findingTitle}, severity {severity}. Please assess it.',
    },
    'finding.resolved': {
      title: '[Resolved] {findingTitle}',
      body: 'An earlier finding is no longer present: {findingTitle}.',
    },
    'topic.alert': {
      title: '[Topic alert] {findingTitle}',
      body: 'The topic "{findingTitle}" is rising fast. Please watch it and arrange an assessment.',
    },
    'intake.dispatched': {
      title: '[Citizen case] {findingTitle}',
      body: 'A citizen case was sent to your unit: {findingTitle}. Sign by {signDue}; reply by {rectifyDue}.',
    },
    'intake.reminder': {
      title: '[Reminder] Citizen case "{findingTitle}" is due {due}',
      body: 'The citizen case "{findingTitle}" is due {due}. Please finish it in time.',
    },
    'intake.overdue': {
      title: '[Overdue] Citizen case "{findingTitle}"',
      body: 'The citizen case "{findingTitle}" passed its deadline {due}. Please handle it now.',
    },
    'intake.supervised': {
      title: '[Supervision] Citizen case "{findingTitle}" is overdue: {level}',
      body: 'The citizen case "{findingTitle}" is overdue and now under {level}. Please handle and reply now.',
    },
  },
  reasonLine: 'Reason: {reason}',
  linkLine: 'Details: {link}',
  noDeadline: '(not set)',
  levels: {
    '1': 'a warning',
    '2': 'supervision by the unit leader',
    '3': 'supervision by office leadership',
  },
  severities: { I: 'I (critical)', II: 'II (major)', III: 'III (serious)', IV: 'IV (general)' },
  test: {
    title: '[Test] Shouwang notification channel test',
    body: 'A test message from Shouwang: receiving it means the channel "{channel}" is configured correctly.',
  },
  validation: {
    url_invalid: 'must be a full URL starting with http:// or https://',
    url_required: 'the robot or webhook URL is required',
    secret_required: 'a webhook needs a signing secret',
    host_required: 'the SMTP host is required',
    port_invalid: 'the port must be a whole number from 1 to 65535',
    from_invalid: 'the sender must be a valid e-mail address',
    topics_invalid: 'unknown notification topic: {value}',
    region_not_found: 'the region does not exist or is outside your jurisdiction',
    test_email_needs_address:
      'a test e-mail needs an address: give "to", or set an e-mail address on your account',
    pref_topic_invalid: 'unknown notification topic: {value}',
  },
};
