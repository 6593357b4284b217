import type { Locale } from '@shouwang/common';

/** Column headings of the audit export, in the caller's language. */
export const auditExportHeadings: Record<
  Locale,
  Record<
    | 'sheet'
    | 'id'
    | 'at'
    | 'actorName'
    | 'actorRole'
    | 'ip'
    | 'requestId'
    | 'action'
    | 'resourceType'
    | 'resourceId'
    | 'before'
    | 'after',
    string
  >
> = {
  'zh-CN': {
    sheet: '审计日志',
    id: '序号',
    at: '时间（UTC）',
    actorName: '操作人',
    actorRole: '角色',
    ip: 'IP 地址',
    requestId: '请求编号',
    action: '操作',
    resourceType: '对象类型',
    resourceId: '对象编号',
    before: '修改前',
    after: '修改后',
  },
  'en-US': {
    sheet: 'Audit log',
    id: 'No.',
    at: 'Time (UTC)',
    actorName: 'Actor',
    actorRole: 'Role',
    ip: 'IP address',
    requestId: 'Request id',
    action: 'Action',
    resourceType: 'Resource type',
    resourceId: 'Resource id',
    before: 'Before',
    after: 'After',
  },
};
