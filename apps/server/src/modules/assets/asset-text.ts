import type { AssetKind, Locale } from '@shouwang/common';
import { assetTextEnUS } from './i18n/en-US.ts';
import { assetTextZhCN } from './i18n/zh-CN.ts';

export type AssetMessageKey =
  | 'required'
  | 'too_long'
  | 'too_many'
  | 'domain_invalid'
  | 'url_invalid'
  | 'ip_invalid'
  | 'mlps_invalid'
  | 'kind_invalid'
  | 'bool_invalid'
  | 'cii_conflict'
  | 'unit_not_found'
  | 'unit_ambiguous'
  | 'already_exists'
  | 'duplicate_in_file'
  | 'reason_missing_columns'
  | 'reason_no_rows'
  | 'reason_too_many_rows'
  | 'reason_unreadable';

/** Spreadsheet columns, in template/export order. */
export const SHEET_COLUMNS = [
  'name',
  'kind',
  'unit',
  'region',
  'domains',
  'urls',
  'ips',
  'mlpsLevel',
  'isCii',
  'contactName',
  'contactPhone',
  'tags',
  'notes',
] as const;
export type SheetColumn = (typeof SHEET_COLUMNS)[number];

export interface AssetText {
  messages: Record<AssetMessageKey, string>;
  columns: Record<SheetColumn | 'updatedAt', string>;
  kinds: Record<AssetKind, string>;
  yes: string;
  no: string;
  sheetName: string;
  /** Base name of downloaded files, without extension. */
  fileName: string;
  /** Other words accepted on import, besides the labels above (matched case-insensitively). */
  aliases: {
    columns: Partial<Record<SheetColumn, string[]>>;
    kinds: Partial<Record<AssetKind, string[]>>;
    yes: string[];
    no: string[];
  };
  /** The example row of the import template (kind, level and flag are filled in by code). */
  example: Record<
    | 'name'
    | 'unit'
    | 'region'
    | 'domains'
    | 'urls'
    | 'ips'
    | 'contactName'
    | 'contactPhone'
    | 'tags'
    | 'notes',
    string
  >;
}

const catalogs: Record<Locale, AssetText> = { 'zh-CN': assetTextZhCN, 'en-US': assetTextEnUS };

export function assetText(locale: Locale): AssetText {
  return catalogs[locale];
}

/** A message of the assets module in the given language, {placeholders} filled from params. */
export function assetMessage(
  locale: Locale,
  key: AssetMessageKey,
  params: Record<string, string | number> = {},
): string {
  return catalogs[locale].messages[key].replace(/\{(\w+)\}/g, (_, k: string) =>
    String(params[k] ?? `{${k}}`),
  );
}
