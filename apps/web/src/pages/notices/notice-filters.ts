import { NOTICE_STATES, SEVERITIES } from '@shouwang/common';
import { shanghaiDayRange } from '../audit/audit-period.ts';

export const NOTICE_SORTS = ['createdAt', 'rectifyDueAt', 'severity', 'updatedAt', 'docNumber'] as const;
export type NoticeSort = (typeof NOTICE_SORTS)[number];
export const NOTICE_SOURCES = ['manual', 'finding'] as const;
export type NoticeSource = (typeof NOTICE_SOURCES)[number];

/** The filters of the office's notice list as the page holds them (and saved views store them). */
export interface NoticeFilters {
  q?: string;
  state?: string[];
  unitId?: number;
  severity?: string[];
  overdue?: boolean;
  source?: NoticeSource;
  /** Calendar days in Asia/Shanghai, 'YYYY-MM-DD'. */
  createdFrom?: string;
  createdTo?: string;
  sort?: NoticeSort;
  order?: 'asc' | 'desc';
}

/** The list API's filter parameters (the generated query type accepts this shape). */
export interface NoticeApiFilters {
  q?: string;
  state?: string;
  unitId?: number;
  severity?: string;
  overdue?: boolean;
  source?: NoticeSource;
  createdFrom?: string;
  createdTo?: string;
  sort?: NoticeSort;
  order?: 'asc' | 'desc';
}

/** The list API's query for these filters: lists joined with commas, days as instants. */
export function filtersToQuery(f: NoticeFilters): NoticeApiFilters {
  const out: NoticeApiFilters = {};
  if (f.q?.trim()) out.q = f.q.trim();
  if (f.state?.length) out.state = f.state.join(',');
  if (f.unitId) out.unitId = f.unitId;
  if (f.severity?.length) out.severity = f.severity.join(',');
  if (f.overdue !== undefined) out.overdue = f.overdue;
  if (f.source) out.source = f.source;
  const range = shanghaiDayRange(f.createdFrom ?? null, f.createdTo ?? null);
  if (range.from) out.createdFrom = range.from;
  if (range.to) out.createdTo = range.to;
  if (f.sort) {
    out.sort = f.sort;
    out.order = f.order ?? 'desc';
  }
  return out;
}

/** The filters as a saved view stores them (plain JSON values, unset ones left out). */
export function filtersToView(f: NoticeFilters): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(f)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(list: readonly T[], value: unknown): T | undefined {
  return list.find((x) => x === value);
}

function listOf(list: readonly string[], value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const kept = value.filter((v): v is string => typeof v === 'string' && list.includes(v));
  return kept.length > 0 ? kept : undefined;
}

/**
 * Reads filters back from a saved view. Views outlive releases, so anything unknown or malformed is
 * dropped rather than sent to the server.
 */
export function parseSavedFilters(raw: unknown): NoticeFilters {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const out: NoticeFilters = {};
  if (typeof v.q === 'string' && v.q.trim()) out.q = v.q.trim();
  const state = listOf(NOTICE_STATES, v.state);
  if (state) out.state = state;
  if (typeof v.unitId === 'number' && Number.isInteger(v.unitId) && v.unitId > 0) out.unitId = v.unitId;
  const severity = listOf(SEVERITIES, v.severity);
  if (severity) out.severity = severity;
  if (typeof v.overdue === 'boolean') out.overdue = v.overdue;
  const source = oneOf(NOTICE_SOURCES, v.source);
  if (source) out.source = source;
  if (typeof v.createdFrom === 'string' && DAY.test(v.createdFrom)) out.createdFrom = v.createdFrom;
  if (typeof v.createdTo === 'string' && DAY.test(v.createdTo)) out.createdTo = v.createdTo;
  const sort = oneOf(NOTICE_SORTS, v.sort);
  if (sort) {
    out.sort = sort;
    out.order = v.order === 'asc' ? 'asc' : 'desc';
  }
  return out;
}

/** How many filters are set (for the badge on the phone's filter button). */
export function activeFilterCount(f: NoticeFilters): number {
  return [f.q, f.state?.length, f.unitId, f.severity?.length, f.overdue, f.source, f.createdFrom].filter(
    (x) => x !== undefined && x !== '' && x !== 0,
  ).length;
}
