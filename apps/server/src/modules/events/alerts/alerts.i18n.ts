import type { Locale } from '@shouwang/common';

/** Field messages of alerts, suppressions and detection settings, in both languages. */
const messages = {
  'zh-CN': {
    reason_required: '请填写原因',
    criterion_required: '至少指定一个条件：规则、来源、单位、资产或字段',
    field_required: '请填写字段名',
    time_invalid: '不是有效的时间（ISO 8601）',
    asset_not_of_unit: '该资产不属于所选单位',
    alert_without_unit: '该告警的事件没有所属单位，不能生成通报',
    window_invalid: '聚合窗口应为 1 到 1440 分钟',
    level_invalid: '级别应为 low、medium、high 或 critical',
  },
  'en-US': {
    reason_required: 'a reason is required',
    criterion_required: 'name at least one criterion: rule, source, unit, asset or a field',
    field_required: 'the field name is required',
    time_invalid: 'not a valid time (ISO 8601)',
    asset_not_of_unit: 'the asset does not belong to the chosen unit',
    alert_without_unit: 'the alert’s events belong to no unit, so no notice can be raised',
    window_invalid: 'the window must be 1 to 1440 minutes',
    level_invalid: 'the level must be low, medium, high or critical',
  },
} satisfies Record<Locale, Record<string, string>>;

export type AlertMessageKey = keyof (typeof messages)['en-US'];

export function alertMessage(locale: Locale, key: AlertMessageKey): string {
  return messages[locale][key];
}
