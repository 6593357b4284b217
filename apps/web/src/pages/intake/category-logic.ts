import type { ResponseOf } from '../../api/types.ts';
import type { Translate } from '../../i18n/catalogs.ts';

export type CategoryList = ResponseOf<'/api/v1/intake/categories', 'get'>;
export type ReportCategory = CategoryList['items'][number];

export interface CategoryOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/**
 * Select options for report categories, named as the server named them (the caller's language), a
 * deactivated one marked as such. `pick`: for choosing a category for new work, where a deactivated one
 * cannot be chosen — except `keep`, the value already chosen, so an existing rule still shows its own.
 */
export function categoryOptions(
  items: readonly ReportCategory[],
  t: Translate,
  mode: { pick: boolean; keep?: string | null } = { pick: false },
): CategoryOption[] {
  return items.map((c) => ({
    value: c.code,
    label: c.active ? c.name : t('intake.categoryInactive', { name: c.name }),
    ...(mode.pick && !c.active && c.code !== mode.keep ? { disabled: true } : {}),
  }));
}
