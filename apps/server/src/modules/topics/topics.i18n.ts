import type { Locale } from '@shouwang/common';

/** Field messages of topics (import rows and files, assessments), in both languages (Chinese text lives here, not in code). */
const messages = {
  'zh-CN': {
    not_text: '必须是文本',
    text_required: '必须填写内容（或标题）',
    time_invalid: '必须是日期时间，例如 2026-11-21 09:30 或 ISO 8601 格式',
    time_future: '时间晚于当前时间',
    url_invalid: '必须是 http(s) 网址',
    too_long: '最多 {max} 个字符',
    row_json_invalid: '不是有效的 JSON（{detail}）',
    row_not_object: '每一行必须是一个对象',
    region_outside: '“{value}”不是您辖区内的地区',
    region_missing: '请填写地区：您的账号没有所属地区',
    file_json_invalid: '不是有效的 JSON：{detail}',
    file_json_not_array: 'JSON 文件必须是对象数组',
    file_csv_invalid: '不是有效的 CSV：{detail}',
    file_csv_header: 'CSV 表头必须包含内容列（内容/正文/text/content）或标题列（标题/title）',
    file_empty: '文件中没有数据行',
    file_too_many_rows: '超过 {max} 行',
    region_not_yours: '地区 {id} 不在您的辖区内',
    unit_not_yours: '单位 {id} 不在您的辖区内',
    responded_future: '回应时间不能晚于当前时间',
  },
  'en-US': {
    not_text: 'must be text',
    text_required: 'text (or a title) is required',
    time_invalid: 'must be a date-time such as 2026-11-21 09:30 or ISO 8601',
    time_future: 'is in the future',
    url_invalid: 'must be an http(s) address',
    too_long: 'at most {max} characters',
    row_json_invalid: 'not valid JSON ({detail})',
    row_not_object: 'each row must be an object',
    region_outside: '"{value}" is not a region of your jurisdiction',
    region_missing: 'give a region: your account has no home region',
    file_json_invalid: 'not valid JSON: {detail}',
    file_json_not_array: 'a JSON file must be an array of objects',
    file_csv_invalid: 'not valid CSV: {detail}',
    file_csv_header:
      'the CSV header must name a text column (内容/正文/text/content) or a title column (标题/title)',
    file_empty: 'the file has no rows',
    file_too_many_rows: 'more than {max} rows',
    region_not_yours: 'region {id} is not in your jurisdiction',
    unit_not_yours: 'unit {id} is not in your jurisdiction',
    responded_future: 'cannot be in the future',
  },
} satisfies Record<Locale, Record<string, string>>;

export type TopicsMessageKey = keyof (typeof messages)['en-US'];

export function topicsMessage(
  locale: Locale,
  key: TopicsMessageKey,
  params: Record<string, string | number> = {},
): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
