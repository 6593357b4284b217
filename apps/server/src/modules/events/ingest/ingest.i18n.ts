import type { Locale } from '@shouwang/common';

/** Messages of event ingest and the source registry, in both languages (Chinese text lives here, not in code). */
const messages = {
  'zh-CN': {
    asset_other_unit: '关联资产必须属于事件源所属单位',
    timezone_unknown: '未知的时区“{value}”',
    senders_required: 'Syslog 事件源至少需要一个允许的发送地址或网段',
    sender_invalid: '“{value}”不是有效的 IP 地址或网段（CIDR）',
    tail_disabled: '未开启文件跟踪（SHOUWANG_INGEST_TAIL_DIRS 为空）',
    tail_outside: '路径必须是以下目录内的绝对路径：{dirs}',
    token_http_only: '只有 HTTP 事件源有 API 令牌',
    drops_title: '事件源“{name}”丢弃了 {percent}% 的事件',
    drops_description:
      '近 {minutes} 分钟内接收 {received} 条、因队列已满丢弃 {dropped} 条（阈值 {threshold}%）。请检查接收端负载或发送速率。',
  },
  'en-US': {
    asset_other_unit: 'the asset must belong to the source’s unit',
    timezone_unknown: 'unknown time zone "{value}"',
    senders_required: 'a syslog source needs at least one allowed sender address or network',
    sender_invalid: '"{value}" is not an IP address or CIDR network',
    tail_disabled: 'file tail sources are disabled (SHOUWANG_INGEST_TAIL_DIRS is empty)',
    tail_outside: 'an absolute path inside {dirs}',
    token_http_only: 'only HTTP sources have an API token',
    drops_title: 'Event source "{name}" dropped {percent}% of its events',
    drops_description:
      'In the last {minutes} minutes {received} events were received and {dropped} dropped because the queue was full (threshold {threshold}%). Check the ingest load or the sending rate.',
  },
} satisfies Record<Locale, Record<string, string>>;

export type IngestMessageKey = keyof (typeof messages)['en-US'];

export function ingestMessage(
  locale: Locale,
  key: IngestMessageKey,
  params: Record<string, string | number> = {},
): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
