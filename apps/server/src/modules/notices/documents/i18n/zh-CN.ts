import { type NoticeDocText, shanghaiParts } from '../document-text.ts';

const CN_NUMERALS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 一 … 九十九, for （一）（二） item numbers. */
function cnNumber(n: number): string {
  if (n <= 10) return CN_NUMERALS[n] ?? String(n);
  if (n < 20) return `十${CN_NUMERALS[n - 10]}`;
  if (n < 100) return `${CN_NUMERALS[Math.floor(n / 10)]}十${n % 10 ? CN_NUMERALS[n % 10] : ''}`;
  return String(n);
}

/** Chinese texts of the notice documents and the list export. */
export const noticeDocTextZhCN: NoticeDocText = {
  officeName: (region) => `${region}网信办`,
  date: (at) => {
    const p = shanghaiParts(at);
    return `${p.year}年${p.month}月${p.day}日`;
  },
  dateTime: (at) => {
    const p = shanghaiParts(at);
    return `${p.year}年${p.month}月${p.day}日${p.hh}:${p.mm}`;
  },
  tlp: {
    CLEAR: 'TLP:CLEAR（可公开）',
    GREEN: 'TLP:GREEN（限行业内部）',
    AMBER: 'TLP:AMBER（限有关单位内部知悉）',
    'AMBER+STRICT': 'TLP:AMBER+STRICT（仅限收文单位知悉）',
    RED: 'TLP:RED（仅限指定人员知悉）',
  },
  severity: { I: 'Ⅰ级（特别重大）', II: 'Ⅱ级（重大）', III: 'Ⅲ级（较大）', IV: 'Ⅳ级（一般）' },
  notice: {
    title: '网络安全问题整改通知书',
    draftNumber: '（草稿）',
    subject: (title) => `事由：${title}`,
    recipient: (unit) => `${unit}：`,
    intro:
      '经监测和检查，发现你单位存在网络安全问题。根据《中华人民共和国网络安全法》等有关规定，现通知如下：',
    factsHeading: '一、问题事实',
    severityLine: (s) => `问题等级：${s}。`,
    categoryLine: (c) => `问题类别：${c}。`,
    assetLine: (a) => `涉及资产：${a}。`,
    findingsIntro: '监测发现情况：',
    finding: (f) =>
      `（${cnNumber(f.n)}）${f.title}` +
      (f.page ? `，页面：${f.page}${f.homepage ? '（首页）' : ''}` : '') +
      `，首次发现时间：${f.firstSeen}，最近发现时间：${f.lastSeen}。`,
    evidenceLine: (s) => `证据摘要：${s}。`,
    evidenceFiles: (names) => `证据材料：${names.join('、')}。`,
    requirementsHeading: '二、整改要求',
    deadlineHeading: '三、整改时限',
    signBy: (at) => `请于${at}前签收本通知书。`,
    rectifyBy: (at) => `请于${at}前完成整改，并向我办书面反馈整改情况报告。`,
    noDeadline: '整改时限以签发时确定的期限为准。',
    provisional: '（暂定）',
    provisionalNote:
      '标注“暂定”的期限所在年度的法定节假日安排尚未公布，期限按工作日暂行计算，安排公布后将重新核定。',
    closing: '特此通知。',
    seal: '（印章）',
  },
  report: {
    title: '整改情况报告',
    recipient: (office) => `${office}：`,
    intro: (p) =>
      `我单位${p.signedAt ? `于${p.signedAt}` : ''}收到贵办《网络安全问题整改通知书》（${p.docNumber}），` +
      `事由：${p.title}。现将整改情况报告如下：`,
    actionsHeading: '一、整改措施及完成情况',
    noActions: '（尚无整改情况记录）',
    entry: (p) => `${p.at}，${p.actor}：${p.text}`,
    attachmentsHeading: '二、附件',
    noAttachments: '无',
    attachment: (n, name) => `${n}. ${name}`,
    closing: '特此报告。',
    signOff: '单位负责人（签字）：            经办人：            联系电话：',
    seal: '（单位印章）',
  },
  export: {
    sheetName: '通报',
    fileName: '通报列表',
    columns: {
      docNumber: '文号',
      title: '标题',
      unit: '责任单位',
      region: '区域',
      asset: '涉及资产',
      category: '类别',
      severity: '等级',
      tlp: '信息标记',
      state: '状态',
      source: '来源',
      overdue: '是否超期',
      supervisionLevel: '督办级别',
      signDueAt: '签收期限',
      rectifyDueAt: '整改期限',
      deadlineProvisional: '期限暂定',
      createdAt: '创建时间',
      issuedAt: '签发时间',
      signedAt: '签收时间',
      reportedAt: '反馈时间',
      closedAt: '销号时间',
    },
    states: {
      draft: '草稿',
      issued: '已签发',
      signed: '已签收',
      rectifying: '整改中',
      awaiting_approval: '待领导审核',
      reported: '已反馈',
      verifying: '核查中',
      returned: '已退回',
      closed: '已销号',
      withdrawn: '已撤回',
    },
    sources: { manual: '人工', finding: '监测发现' },
    yes: '是',
    no: '否',
  },
  files: { notice: '网络安全问题整改通知书', report: '整改情况报告' },
};
