import type { Locale } from '@shouwang/common';

/** Field messages of website monitoring, in both languages (Chinese text lives here, not in code). */
const messages = {
  'zh-CN': {
    no_url: '该资产没有可监测的网址，请填写要监测的页面',
    url_invalid: '不是有效的 http(s) 网址：{value}',
    too_many_pages: '最多监测 {max} 个页面',
    check_unknown: '未知的检查项：{value}',
    window_invalid: '维护时间窗格式不正确（需 {start,end} 或 {weekdays,from,to}）',
    window_order: '维护时间窗的结束时间必须晚于开始时间',
    page_not_watched: '该页面不在监测范围内：{value}',
    no_pending_change: '该页面没有待确认的变更',
    run_in_progress: '该站点正在检测中，请稍后再试',
    asset_missing: '资产 {id} 不存在或不可见',
  },
  'en-US': {
    no_url: 'the asset has no URL to monitor; list the pages to watch',
    url_invalid: 'not a valid http(s) URL: {value}',
    too_many_pages: 'at most {max} pages can be watched',
    check_unknown: 'unknown check: {value}',
    window_invalid: 'a maintenance window is {start, end} or {weekdays, from, to}',
    window_order: 'a maintenance window must end after it starts',
    page_not_watched: 'this page is not watched: {value}',
    no_pending_change: 'this page has no pending change to accept',
    run_in_progress: 'a check of this site is running; try again shortly',
    asset_missing: 'asset {id} does not exist or is not visible',
  },
} satisfies Record<Locale, Record<string, string>>;

export type MonitoringMessageKey = keyof (typeof messages)['en-US'];

export function monitoringMessage(
  locale: Locale,
  key: MonitoringMessageKey,
  params: Record<string, string | number> = {},
): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
