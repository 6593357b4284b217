import type { Locale } from '@shouwang/common';
import { enUS } from './en-US.ts';
import { interpolate, type Params } from './translate.ts';
import { type MessageKey, zhCN } from './zh-CN.ts';

export type { MessageKey };
export const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => interpolate(catalog[key], params);
}

export type EnumGroup =
  | 'role'
  | 'unitKind'
  | 'assetKind'
  | 'regionLevel'
  | 'userStatus'
  | 'scope'
  | 'severity'
  | 'noticeState'
  | 'noticeAction'
  | 'noticeSource'
  | 'noticeCategory'
  | 'tlp'
  | 'findingStatus'
  | 'findingSource'
  | 'attachmentKind'
  | 'deliveryStatus'
  | 'channel'
  | 'topic'
  | 'dayKind'
  | 'calendarOrigin'
  | 'monitorStatus'
  | 'monitorFinding'
  | 'outageKind'
  | 'renderOutcome'
  | 'renderReason'
  | 'renderHiding'
  | 'sourceKind'
  | 'sourceTransport';

function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

/** The label of an enum value (`enum.role.analyst`), or the raw value when the catalog does not know it. */
export function enumLabel(locale: Locale, group: EnumGroup, value: string): string {
  const key = `enum.${group}.${value}`;
  return isMessageKey(key) ? catalogs[locale][key] : value;
}
