/** UI text of the report categories (settings tab, inbox filter, case page), in Chinese. */
export const intakeCategoriesZhCN = {
  'intake.settings.categories': '举报类别',
  'intake.categories.help':
    '公众举报时从这些类别中选择。系统内置类别不可修改；本单位可以增加类别、修改名称或停用。停用后公众页面不再提供该类别，已有案件仍显示其名称，来件筛选仍可按它查找。没有案件和派单规则使用的类别才能删除。',
  'intake.categories.readOnly':
    '只有系统管理员或最上级网信办的管理员可以维护举报类别（全平台只有一个公众页面）。',
  'intake.categories.new': '新增类别',
  'intake.categories.edit': '编辑类别',
  'intake.categories.code': '代码',
  'intake.categories.codeHelp': '2–64 位小写字母、数字或下划线，保存后不可修改',
  'intake.categories.nameZh': '中文名称',
  'intake.categories.nameEn': '英文名称',
  'intake.categories.source': '来源',
  'intake.categories.shipped': '系统内置',
  'intake.categories.own': '本单位增加',
  'intake.categories.active': '受理',
  'intake.categories.inactive': '已停用',
  'intake.categories.inUse': '已被案件或派单规则使用，不能删除',
  'intake.categories.deleteConfirm': '删除这个类别？',
  'intake.categories.activated': '已恢复受理',
  'intake.categories.deactivated': '已停用',
  'intake.category': '举报类别',
  'intake.categoryInactive': '{name}（已停用）',
} as const;
