import type { NotificationText } from '../message-text.ts';

/** 通知的中文文本。{ref} 为"文号《标题》"，{unit} 为责任单位，{signDue}/{rectifyDue}/{due} 为期限。 */
export const notificationTextZhCN: NotificationText = {
  topics: {
    'notice.issued': {
      title: '【通报】{ref}已下发，请于 {signDue} 前签收',
      body: '{unit}：\n通报{ref}已下发，请于 {signDue} 前签收，并于 {rectifyDue} 前完成整改、反馈整改情况。',
    },
    'notice.signed': {
      title: '【签收】{unit}已签收{ref}',
      body: '{unit}已签收通报{ref}，整改期限为 {rectifyDue}。',
    },
    'notice.report_pending_approval': {
      title: '【待审批】{ref}的整改反馈待单位负责人审批',
      body: '通报{ref}的整改反馈已提交，请审批后报送网信办。',
    },
    'notice.reported': {
      title: '【反馈】{unit}已反馈{ref}的整改情况',
      body: '{unit}已反馈通报{ref}的整改情况，请及时核查。',
    },
    'notice.returned': {
      title: '【退回】{ref}的整改反馈被退回，请于 {rectifyDue} 前重新整改',
      body: '通报{ref}的整改反馈经核查未通过，已退回。请于 {rectifyDue} 前重新整改并反馈。',
    },
    'notice.closed': {
      title: '【销号】{ref}已核查销号',
      body: '通报{ref}经核查已整改到位，予以销号。',
    },
    'notice.withdrawn': {
      title: '【撤回】{ref}已撤回',
      body: '通报{ref}已由网信办撤回，无需继续办理。',
    },
    'notice.reopened': {
      title: '【重新打开】{ref}已重新打开，请于 {rectifyDue} 前整改',
      body: '已销号的通报{ref}重新打开，请于 {rectifyDue} 前完成整改并反馈。',
    },
    'notice.deadline_changed': {
      title: '【期限调整】{ref}的期限已调整',
      body: '通报{ref}的期限已调整：签收期限 {signDue}，整改期限 {rectifyDue}。',
    },
    'notice.reminder': {
      title: '【提醒】{ref}将于 {due} 到期',
      body: '通报{ref}将于 {due} 到期，请抓紧办理。',
    },
    'notice.overdue': {
      title: '【逾期】{ref}已逾期',
      body: '通报{ref}已超过期限 {due}，请立即办理并说明原因。',
    },
    'notice.supervised': {
      title: '【督办】{ref}已逾期，现予{level}',
      body: '通报{ref}已超过期限 {due}，现予{level}，请{unit}立即整改并反馈。',
    },
    'finding.raised': {
      title: '【发现】{findingTitle}（{severity}）',
      body: '监测发现：{findingTitle}，级别{severity}，请研判处置。',
    },
    'finding.resolved': {
      title: '【已恢复】{findingTitle}',
      body: '此前发现的问题已恢复：{findingTitle}。',
    },
    'topic.alert': {
      title: '【舆情预警】{findingTitle}',
      body: '热点话题“{findingTitle}”声量突增，请值班人员关注并安排研判。',
    },
    'intake.dispatched': {
      title: '【群众来件】{findingTitle}',
      body: '有一件群众来件交由贵单位办理：{findingTitle}。请于{signDue}前签收，{rectifyDue}前答复。',
    },
    'intake.reminder': {
      title: '【提醒】群众来件“{findingTitle}”将于 {due} 到期',
      body: '群众来件“{findingTitle}”将于 {due} 到期，请抓紧办理。',
    },
    'intake.overdue': {
      title: '【逾期】群众来件“{findingTitle}”已逾期',
      body: '群众来件“{findingTitle}”已超过期限 {due}，请立即办理。',
    },
    'intake.supervised': {
      title: '【督办】群众来件“{findingTitle}”已逾期，现予{level}',
      body: '群众来件“{findingTitle}”已逾期，现予{level}，请立即办理并答复。',
    },
  },
  reasonLine: '原因：{reason}',
  linkLine: '详情：{link}',
  noDeadline: '（未设定）',
  levels: { '1': '预警提醒', '2': '单位负责人督办', '3': '网信办领导督办' },
  severities: { I: '特别重大', II: '重大', III: '较大', IV: '一般' },
  test: {
    title: '【测试】守望通知渠道测试',
    body: '这是一条来自守望平台的测试消息，收到即表示通知渠道“{channel}”配置正确。',
  },
  validation: {
    url_invalid: '必须是 http:// 或 https:// 开头的完整网址',
    url_required: '必须填写机器人或 Webhook 网址',
    secret_required: 'Webhook 必须设置签名密钥',
    host_required: '必须填写 SMTP 服务器地址',
    port_invalid: '端口必须是 1 到 65535 的整数',
    from_invalid: '发件人必须是有效的邮箱地址',
    topics_invalid: '未知的通知主题：{value}',
    region_not_found: '区域不存在或不在您的管辖范围内',
    test_email_needs_address: '测试邮件需要收件地址：请填写 to，或先为您的账号设置邮箱',
    pref_topic_invalid: '未知的通知主题：{value}',
  },
};
