import type { ErrorCode } from '../error-codes.ts';
import { errorsEnUS } from './errors.en-US.ts';
import { errorsZhCN } from './errors.zh-CN.ts';
import type { Locale } from './locales.ts';

const catalogs: Record<Locale, Record<ErrorCode, string>> = { 'zh-CN': errorsZhCN, 'en-US': errorsEnUS };

/** Formats an error message in the given locale, filling {placeholders} from params. */
export function errorMessage(
  locale: Locale,
  code: ErrorCode,
  params: Record<string, string | number> = {},
): string {
  return catalogs[locale][code].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}
