import type { Locale } from '@shouwang/common';
import type { AssignmentRule } from './users.policy.ts';

/** Field messages for role/region/unit combinations that cannot be assigned. */
export const assignmentRuleMessages: Record<Locale, Record<AssignmentRule, string>> = {
  'zh-CN': {
    unit_required: '责任单位角色必须选择所属单位',
    unit_region_mismatch: '所属辖区必须与所选单位的辖区一致',
    office_role_has_unit: '网信办角色不能隶属于责任单位',
  },
  'en-US': {
    unit_required: 'unit roles need a unit',
    unit_region_mismatch: 'must be the region of the chosen unit',
    office_role_has_unit: 'office roles cannot belong to a unit',
  },
};
