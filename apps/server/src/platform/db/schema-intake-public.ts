import type { Generated, Selectable } from 'kysely';

/** Tables of the public side of citizen intake (migration 2026-11-22T0500-intake-files). */
export interface IntakePublicTables {
  intake_files: IntakeFileTable;
  intake_open311: IntakeOpen311Table;
}

/** An evidence file of a case: an image re-encoded without metadata, or a PDF. */
export interface IntakeFileTable {
  id: Generated<number>;
  case_id: number;
  /** The name the citizen's file had (no path), for staff to recognise it. */
  name: string;
  media_type: string;
  /** Bytes stored (after re-encoding). */
  size: number;
  /** Bytes the citizen sent. */
  original_size: number;
  sha256: string;
  /** Path under the data dir's intake-evidence folder: random, never derived from the citizen's name. */
  storage_key: string;
  width: number | null;
  height: number | null;
  created_at: string;
  /** What the bytes were on arrival (migration 2026-11-23T1410); null for files stored before. */
  sniffed_type: string | null;
}
export type IntakeFileRow = Selectable<IntakeFileTable>;

/** What an Open311 client sent beyond the message (migration 2026-11-22T0500-intake-open311). */
export interface IntakeOpen311Table {
  case_id: number;
  /** Random; GET tokens/{token} answers the request id with it. */
  token: string;
  service_code: string;
  lat: number | null;
  long: number | null;
  address: string | null;
  address_id: string | null;
  email: string | null;
  device_id: string | null;
  account_id: string | null;
  media_url: string | null;
}
