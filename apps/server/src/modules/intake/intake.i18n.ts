import type { Locale } from '@shouwang/common';
import { AppError } from '../../platform/http/app-error.ts';

/** Field messages and category names of citizen intake, in both languages. */
const messages = {
  'zh-CN': {
    category_unknown: '举报类别不存在',
    region_unknown: '所选地区不存在',
    target_required: '请填写网址或应用/账号',
    url_invalid: '网址格式不正确：{value}',
    contact_name_required: '请填写姓名',
    contact_phone_required: '请填写联系电话',
    reason_required: '此操作必须填写理由',
    same_unit: '已由该单位办理，请选择其他单位',
    not_ratable: '答复发布后才能评价，且只能评价一次',
    reply_required: '请填写答复内容',
    outcome_required: '请填写处理结果',
    forward_to_required: '请填写转交的平台或主管部门',
    reports_only: '只有举报可以转交平台或转为通报',
    merge_target_invalid: '不能合并到该案件（须为其他未合并的可见案件）',
    extension_pending: '已有待审批的延期申请',
    extension_none: '没有待审批的延期申请',
    extension_invalid: '延期后的期限须晚于当前办理期限',
    extension_too_long: '单次延期不得超过 {max}',
    not_dissatisfied: '只有评价为“不满意”的案件才能重办',
    transfer_to_required: '请填写移交的单位或部门',
    note_required: '请填写回访记录',
    order_invalid: '须列出本单位的每条规则各一次',
    not_a_date: '不是有效的日期（YYYY-MM-DD）',
    from_after_to: '开始日期不能晚于结束日期',
    period_too_long: '统计区间不能超过 {max} 天',
    total_below_file: '合计上限不能小于单个文件上限',
    second_factor_required: '请填写手机号后四位或查询密码',
    category_inactive: '“{name}”类别已停止受理，请选择其他类别',
    category_code_format: '代码为 2–64 位小写字母、数字或下划线',
    category_code_shipped: '“{code}”是系统内置类别的代码',
    category_code_taken: '代码“{code}”已被使用',
    category_name_required: '请填写名称',
    category_name_too_long: '名称不能超过 {max} 个字',
    category_nothing_to_change: '请至少修改一项',
  },
  'en-US': {
    category_unknown: 'no such report category',
    region_unknown: 'no such region',
    target_required: 'give the URL(s) or the app/account',
    url_invalid: 'not a valid web address: {value}',
    contact_name_required: 'your name is required',
    contact_phone_required: 'a contact phone number is required',
    reason_required: 'a reason is required for this action',
    same_unit: 'the case is already with this unit; choose another',
    not_ratable: 'a case can be rated once, after its reply is published',
    reply_required: 'write the reply',
    outcome_required: 'record the outcome',
    forward_to_required: 'name the platform or authority it was forwarded to',
    reports_only: 'only reports of illegal content can be forwarded or turned into a notice',
    merge_target_invalid: 'cannot merge into that case (it must be another visible case not merged itself)',
    extension_pending: 'an extension request is already waiting for a decision',
    extension_none: 'no extension request is waiting for a decision',
    extension_invalid: 'the extended deadline must be after the current handling deadline',
    extension_too_long: 'one extension may be at most {max}',
    not_dissatisfied: 'only a case rated dissatisfied can be re-handled',
    transfer_to_required: 'name the body the case is transferred to',
    note_required: 'record what the follow-up found',
    order_invalid: 'list each rule of this office exactly once',
    not_a_date: 'is not a valid date (YYYY-MM-DD)',
    from_after_to: 'must not be after the end date',
    period_too_long: 'the period may span at most {max} days',
    total_below_file: 'the total limit must not be below the per-file limit',
    second_factor_required: 'give the last four digits of your phone or your PIN',
    category_inactive: 'reports of the category “{name}” are no longer accepted; choose another category',
    category_code_format: 'the code is 2–64 lower-case letters, digits or underscores',
    category_code_shipped: '“{code}” is the code of a shipped category',
    category_code_taken: 'the code “{code}” is already used',
    category_name_required: 'the name is required',
    category_name_too_long: 'the name may be at most {max} characters',
    category_nothing_to_change: 'change at least one field',
  },
} satisfies Record<Locale, Record<string, string>>;

export type IntakeMessageKey = keyof (typeof messages)['en-US'];

/** One intake message in the caller's language, with its {placeholders} filled. */
export function intakeMessage(
  locale: Locale,
  key: IntakeMessageKey,
  params: Record<string, string | number> = {},
): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function intakeFieldInvalid(
  locale: Locale,
  field: string,
  key: IntakeMessageKey,
  params: Record<string, string | number> = {},
): AppError {
  return AppError.invalid([{ field, message: intakeMessage(locale, key, params) }]);
}

/** Names of the shipped report categories. */
export const DEFAULT_CATEGORY_NAMES: Record<string, { zh: string; en: string }> = {
  fraud: { zh: '诈骗', en: 'Fraud' },
  gambling: { zh: '赌博', en: 'Gambling' },
  pornography: { zh: '色情', en: 'Pornography' },
  phishing_malware: { zh: '钓鱼与恶意程序', en: 'Phishing and malware' },
  personal_info_leak: { zh: '个人信息泄露', en: 'Personal information leak' },
  infringement: { zh: '侵权', en: 'Infringement' },
  harm_to_minors: { zh: '危害未成年人', en: 'Harm to minors' },
  cyberbullying: { zh: '网络暴力', en: 'Cyberbullying' },
};
