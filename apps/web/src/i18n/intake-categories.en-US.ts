import type { intakeCategoriesZhCN } from './intake-categories.zh-CN.ts';

/** English text of the report categories; the same keys as intake-categories.zh-CN.ts. */
export const intakeCategoriesEnUS: Record<keyof typeof intakeCategoriesZhCN, string> = {
  'intake.settings.categories': 'Report categories',
  'intake.categories.help':
    'Citizens choose one of these categories when they report. Shipped categories cannot be changed; the office may add its own, rename them or deactivate them. A deactivated category is no longer offered on the public page; its cases keep showing its name and the inbox can still filter by it. Only a category no case and no routing rule uses can be deleted.',
  'intake.categories.readOnly':
    'Only system administrators or administrators of the top office may change report categories (there is one public page for the whole platform).',
  'intake.categories.new': 'New category',
  'intake.categories.edit': 'Edit category',
  'intake.categories.code': 'Code',
  'intake.categories.codeHelp': '2–64 lower-case letters, digits or underscores; it cannot be changed later',
  'intake.categories.nameZh': 'Chinese name',
  'intake.categories.nameEn': 'English name',
  'intake.categories.source': 'Source',
  'intake.categories.shipped': 'Shipped',
  'intake.categories.own': 'Added by the office',
  'intake.categories.active': 'Accepted',
  'intake.categories.inactive': 'Deactivated',
  'intake.categories.inUse': 'Used by cases or routing rules: cannot be deleted',
  'intake.categories.deleteConfirm': 'Delete this category?',
  'intake.categories.activated': 'Accepted again',
  'intake.categories.deactivated': 'Deactivated',
  'intake.category': 'Report category',
  'intake.categoryInactive': '{name} (deactivated)',
};
