import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AlertTables } from './schema-alerts.ts';
import type { EventsIngestTables } from './schema-events-ingest.ts';
import type { IntakeTables } from './schema-intake.ts';
import type { IntakePublicTables } from './schema-intake-public.ts';
import type { IntelTables } from './schema-intel.ts';
import type { MonitoringTables } from './schema-monitoring.ts';
import type { NoticeTables } from './schema-notices.ts';
import type { TopicTables } from './schema-topics.ts';

/**
 * Table types shared by both dialects. Timestamps are ISO 8601 UTC strings and flags are 0/1 integers in
 * both SQLite and PostgreSQL, so every repository reads the same shapes on either database.
 */
export interface Database
  extends NoticeTables,
    MonitoringTables,
    IntakeTables,
    EventsIngestTables,
    AlertTables,
    IntakePublicTables,
    TopicTables,
    IntelTables {
  regions: RegionTable;
  units: UnitTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  assets: AssetTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  jobs: JobTable;
  settings: SettingTable;
  import_previews: ImportPreviewTable;
  calendar_years: CalendarYearTable;
}

export interface RegionTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  code: string | null;
  level: string;
  /** Materialised path of ids, e.g. "/1/4/12/": a subtree is a prefix match. */
  path: string;
  created_at: string;
  updated_at: string;
}

export interface UnitTable {
  id: Generated<number>;
  region_id: number;
  name: string;
  credit_code: string | null;
  kind: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  leader_name: string | null;
  is_cii: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  role: string;
  /** Jurisdiction root for office roles; the unit's region for unit roles. */
  region_id: number;
  unit_id: number | null;
  password_hash: string;
  password_changed_at: string;
  must_change_password: number;
  totp_secret: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  failed_logins: number;
  locked_at: string | null;
  disabled: number;
  locale: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  id: string;
  user_id: number;
  stage: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string;
  expires_at: string;
  last_used_at: string | null;
  last_used_ip: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface AssetTable {
  id: Generated<number>;
  unit_id: number;
  kind: string;
  name: string;
  domains: string;
  urls: string;
  ips: string;
  mlps_level: number | null;
  is_cii: number;
  contact_name: string | null;
  contact_phone: string | null;
  tags: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  actor_name: string;
  actor_role: string | null;
  ip: string | null;
  request_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  region_path: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_id: number;
  last_hash: string;
}

export interface JobTable {
  id: Generated<number>;
  name: string;
  data: string;
  state: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  singleton_key: string | null;
  last_error: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface ImportPreviewTable {
  id: string;
  user_id: number;
  kind: string;
  file_name: string;
  valid_rows: string;
  row_errors: string;
  total_rows: number;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

/** A year of the holiday schedule imported or edited by an administrator (overrides the shipped one). */
export interface CalendarYearTable {
  year: number;
  /** JSON { holidays: [{date, name}], makeUpWorkdays: [{date, name}] }. */
  data: string;
  version: string;
  source: string;
  imported_by: number | null;
  imported_by_name: string;
  imported_at: string;
}

export type RegionRow = Selectable<RegionTable>;
export type UnitRow = Selectable<UnitTable>;
export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AssetRow = Selectable<AssetTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type CalendarYearRow = Selectable<CalendarYearTable>;
