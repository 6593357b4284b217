import type { Locale } from '@shouwang/common';
import { AppError } from '../../platform/http/app-error.ts';

/** Field messages of the notice loop, in both languages (Chinese text lives here, not in code). */
const messages = {
  'zh-CN': {
    reason_required: '此操作必须填写理由',
    edit_via_put: '草稿请通过编辑接口修改（PUT /api/v1/notices/{id}）',
    must_be_future: '必须晚于当前时间',
    asset_not_of_unit: '该资产不属于所选单位',
    finding_unavailable: '发现 {id} 不存在、已关闭或已关联到其他通报',
    deadline_missing: '至少填写一个期限（签收期限或整改期限）',
    duration_invalid: '期限格式不正确（如 2wh、5wd、3d）：{value}',
    kind_invalid: '附件类型必须是：evidence、rectification_report、other',
    query_invalid: '视图条件必须是对象',
    default_required_actions: '请立即核查并整改上述问题，并在整改期限内反馈整改情况及佐证材料。',
  },
  'en-US': {
    reason_required: 'a reason is required for this action',
    edit_via_put: 'edit a draft with PUT /api/v1/notices/{id}',
    must_be_future: 'must be later than now',
    asset_not_of_unit: 'the asset does not belong to the chosen unit',
    finding_unavailable: 'finding {id} does not exist, is closed, or belongs to another notice',
    deadline_missing: 'give at least one deadline (signDueAt or rectifyDueAt)',
    duration_invalid: 'not a valid duration (e.g. 2wh, 5wd, 3d): {value}',
    kind_invalid: 'the attachment kind must be one of: evidence, rectification_report, other',
    query_invalid: 'the view query must be an object',
    default_required_actions:
      'Check and fix the problem above at once, and report back with evidence before the rectification deadline.',
  },
} satisfies Record<Locale, Record<string, string>>;

export type NoticeMessageKey = keyof (typeof messages)['en-US'];

export function noticeMessage(
  locale: Locale,
  key: NoticeMessageKey,
  params: Record<string, string | number> = {},
): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A 400 on one field, said in the caller's language. */
export function fieldInvalid(
  locale: Locale,
  field: string,
  key: NoticeMessageKey,
  params: Record<string, string | number> = {},
): AppError {
  return AppError.invalid([{ field, message: noticeMessage(locale, key, params) }]);
}
