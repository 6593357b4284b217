import type { intakeAdminZhCN } from './intake-admin.zh-CN.ts';

/** English text of the office's case settings and evidence files; the same keys as intake-admin.zh-CN.ts. */
export const intakeAdminEnUS: Record<keyof typeof intakeAdminZhCN, string> = {
  'nav.casesSettings': 'Case settings',

  'intake.settings.title': 'Citizen case settings',
  'intake.settings.routing': 'Routing rules',
  'intake.settings.workflow': 'Deadlines and approval',
  'intake.settings.publicForm': 'Public form',

  'intake.rules.help':
    "A new case is checked against the rules in order; the first that fits suggests the unit. A lower office's rules come before its parent's. Conditions left empty match any case.",
  'intake.rules.new': 'New rule',
  'intake.rules.edit': 'Edit rule',
  'intake.rules.order': 'Order',
  'intake.rules.office': 'Office',
  'intake.rules.own': 'This office',
  'intake.rules.inherited': 'Parent office (only it may change it)',
  'intake.rules.lower': 'Lower office',
  'intake.rules.region': 'Case region',
  'intake.rules.kind': 'Case kind',
  'intake.rules.category': 'Report category',
  'intake.rules.messageType': 'Message type',
  'intake.rules.topic': 'Topic contains',
  'intake.rules.topicHelp': 'Matches when the case topic contains this text (case-insensitive)',
  'intake.rules.unit': 'Suggested unit',
  'intake.rules.active': 'Active',
  'intake.rules.inactive': 'Off',
  'intake.rules.any': 'Any',
  'intake.rules.moveUp': 'Move up',
  'intake.rules.moveDown': 'Move down',
  'intake.rules.empty': 'No routing rules yet',
  'intake.rules.readOnly': 'Only office administrators may change routing rules.',
  'intake.rules.deleteConfirm': 'Delete this routing rule?',
  'intake.rules.reordered': 'Order updated',

  'intake.messageTypeValue.complaint': 'Complaint',
  'intake.messageTypeValue.help': 'Request for help',
  'intake.messageTypeValue.suggestion': 'Suggestion',
  'intake.messageTypeValue.enquiry': 'Enquiry',

  'intake.workflow.region': 'Region',
  'intake.workflow.inherited': 'This region uses the settings of "{region}"; saving gives it its own.',
  'intake.workflow.defaults': 'This region uses the shipped default deadlines; saving gives it its own.',
  'intake.workflow.own': 'This region has its own settings.',
  'intake.workflow.sign': 'Sign within',
  'intake.workflow.handle': 'Reply within (by case type)',
  'intake.workflow.type': 'Case type',
  'intake.workflow.within': 'Within',
  'intake.workflow.maxExtension': 'Longest single extension',
  'intake.workflow.leaderApproval':
    "Two-step approval: a handler's reply goes to the unit leader before the office reviews it",
  'intake.workflow.calendarNote':
    'Working days follow the working calendar (with make-up workdays); until a new year is imported, its deadlines count Monday to Friday and are marked provisional.',

  'intake.publicForm.help':
    'One public page serves every region: only system administrators or administrators of the top office may change it; everyone else can read it.',
  'intake.publicForm.contact': 'Contact details',
  'intake.publicForm.nameRequired': 'Name required',
  'intake.publicForm.phoneRequired': 'Phone number required',
  'intake.publicForm.phoneNote':
    'Citizens who leave no phone number get four digits to give with the query code when they look the case up.',
  'intake.publicForm.uploads': 'Evidence uploads',
  'intake.publicForm.maxFiles': 'Files per submission (0: no uploads)',
  'intake.publicForm.maxFileMb': 'Per file (MB)',
  'intake.publicForm.maxTotalMb': 'All files together (MB)',
  'intake.publicForm.totalBelowFile': 'The total must not be below the per-file limit',

  'intake.files.title': 'Evidence files',
  'intake.files.none': 'The citizen sent no files',
  'intake.files.name': 'File name',
  'intake.files.declared': 'Name says',
  'intake.files.sniffed': 'Content is',
  'intake.files.stored': 'Stored as',
  'intake.files.size': 'Size',
  'intake.files.sent': '{size} as sent',
  'intake.files.mismatch': 'Name and content differ',
  'intake.files.notRecorded': 'not recorded',
  'intake.files.download': 'Download',
  'intake.files.preview': 'Preview',
  'intake.files.note':
    'Images were recognised by content and re-encoded; location, device and other metadata of the original were removed.',

  'intake.transferredTo': 'Transferred to {to}',
};
