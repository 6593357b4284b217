import type { ErrorCode } from '../error-codes.ts';

export const errorsEnUS: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid; check the fields listed.',
  unauthenticated: 'Please sign in first.',
  forbidden: 'You are not allowed to do this.',
  not_found: 'Not found, or you may not see it.',
  conflict: 'It already exists or was changed by someone else; reload and try again.',
  invalid_credentials: 'Wrong user name or password.',
  account_locked: 'The account is locked after repeated failed sign-ins; ask an administrator to unlock it.',
  account_disabled: 'The account is disabled; ask an administrator.',
  too_many_attempts: 'Too many attempts; try again later.',
  totp_required: 'Enter the code from your authenticator app.',
  totp_enrolment_required: 'Your role requires a second factor; enrol an authenticator app first.',
  totp_invalid: 'The authenticator code is wrong or has expired.',
  password_too_weak: 'The password does not meet the policy: {rule}',
  password_reused: 'The new password must differ from the current one.',
  session_expired: 'Your session has expired; sign in again.',
  token_invalid: 'The API token is invalid, expired or revoked.',
  token_scope: 'The API token is not scoped for this action.',
  file_too_large: 'The file is too large; the limit is {limit}.',
  file_type_rejected:
    'File type not accepted: a {expected} file is required (checked by content, not by name).',
  import_rejected: 'The file was rejected as a whole and nothing was imported: {reason}',
  import_has_errors: '{count} rows have errors; confirm to import only the valid rows.',
  import_confirmed: 'This import has already been confirmed.',
  import_expired: 'This import preview has expired; upload the file again.',
  region_in_use:
    'The region still has {children} sub-regions, {units} units and {users} users; it cannot be deleted.',
  unit_in_use: 'The unit still has {users} users and {assets} assets; it cannot be deleted.',
  self_change_refused: 'You cannot disable your own account or change your own role.',
  export_too_large: 'Too many entries to export ({count}; the limit is {limit}); narrow the filter.',
  notice_transition_invalid:
    'The notice is {state}; “{action}” is not possible now. Allowed next: {allowed}.',
  recheck_failed: 'The re-check found the problem still present, so the notice cannot be closed: {detail}',
  finding_closed: 'This finding is already resolved or dismissed.',
  challenge_required: 'Too many submissions from this connection; solve the challenge and try again.',
  intake_transition_invalid: 'The case is {state}: {action} is not allowed now.',
  evidence_rejected: '{count} file(s) cannot be accepted, so nothing was submitted; see each file’s reason.',
  rule_invalid: 'The rule cannot be used: {reason}',
  alert_transition_invalid: 'The alert is {state}; {action} is not possible now.',
  event_source_invalid: 'The event source settings are not valid: {reason}',
  ingest_busy: 'Event ingest is busy; retry in a few seconds.',
  intel_feed_invalid: 'The intelligence feed settings are not valid: {reason}',
  intel_import_running: 'This feed is being imported; wait for the import to finish.',
  intake_category_taken:
    'The category code “{code}” is already used (by a shipped category or one of the office’s); choose another.',
  intake_category_shipped:
    '“{code}” is a shipped report category; it cannot be changed, deactivated or deleted.',
  intake_category_in_use:
    'The category is used by {cases} case(s) and {rules} routing rule(s), so it cannot be deleted; deactivate it instead (existing cases keep its name).',
  internal: 'Internal server error; tell an administrator the request id.',
};
