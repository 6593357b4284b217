import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import { ASSET_KINDS, type AssetKind } from '@shouwang/common';
import type { AssetMessageKey } from './asset-text.ts';

/** Limits shared by the API schema and the spreadsheet import. */
export const ASSET_LIMITS = {
  name: 200,
  contactName: 100,
  contactPhone: 40,
  notes: 2000,
  tag: 50,
  tags: 30,
  listItems: 100,
  url: 2048,
} as const;

/** What a caller (API body or spreadsheet row) says about an asset, before checks. */
export interface AssetDraft {
  kind: AssetKind;
  name: string;
  domains: readonly string[];
  urls: readonly string[];
  ips: readonly string[];
  mlpsLevel: number | null;
  /** Omitted or null: derived from the kind (a 'cii' asset is CII). */
  isCii?: boolean | null;
  contactName?: string | null;
  contactPhone?: string | null;
  tags?: readonly string[];
  notes?: string | null;
}

/** Checked, normalised asset fields, ready to store. */
export interface AssetFields {
  kind: AssetKind;
  name: string;
  domains: string[];
  urls: string[];
  ips: string[];
  mlpsLevel: number | null;
  isCii: boolean;
  contactName: string | null;
  contactPhone: string | null;
  tags: string[];
  notes: string | null;
}

export interface FieldProblem {
  /** "name", or "domains.2" for the third item of a list. */
  field: string;
  key: AssetMessageKey;
  params?: Record<string, string | number>;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A hostname in normalised Unicode form (IDN allowed, e.g. 政府.cn), or null when it is not one.
 * At least two labels; an all-numeric last label is refused so IP addresses go in the IP list.
 */
export function normalizeDomain(input: string): string | null {
  const s = input.trim().replace(/\.$/, '');
  if (!s || s.length > 253 || /[\s/:@%?#]/.test(s)) return null;
  const ascii = domainToASCII(s);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return null;
  return domainToUnicode(ascii);
}

/** An absolute http(s) URL with a host, or null. */
export function normalizeUrl(input: string): string | null {
  const s = input.trim();
  if (s.length > ASSET_LIMITS.url || !/^https?:\/\/[^\s/?#]+/i.test(s) || /\s/.test(s)) return null;
  try {
    const url = new URL(s);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
    return s;
  } catch {
    return null;
  }
}

/** An IPv4/IPv6 address or CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32), lower-cased; or null. */
export function normalizeIp(input: string): string | null {
  const s = input.trim().toLowerCase();
  if (s.includes('%')) return null;
  const slash = s.indexOf('/');
  const address = slash < 0 ? s : s.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return null;
  if (slash >= 0) {
    const prefix = s.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(prefix) || Number(prefix) > (version === 4 ? 32 : 128)) return null;
  }
  return s;
}

function checkList(
  field: string,
  values: readonly string[],
  normalize: (v: string) => string | null,
  invalid: AssetMessageKey,
  problems: FieldProblem[],
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  values.forEach((raw, i) => {
    if (!raw.trim()) return;
    const value = normalize(raw);
    if (value === null) {
      problems.push({ field: `${field}.${i}`, key: invalid, params: { value: raw.trim().slice(0, 100) } });
      return;
    }
    if (!seen.has(value.toLowerCase())) {
      seen.add(value.toLowerCase());
      out.push(value);
    }
  });
  if (out.length > ASSET_LIMITS.listItems) {
    problems.push({ field, key: 'too_many', params: { max: ASSET_LIMITS.listItems } });
  }
  return out;
}

function optionalText(
  field: string,
  value: string | null | undefined,
  max: number,
  problems: FieldProblem[],
): string | null {
  const s = value?.trim() ?? '';
  if (s.length > max) problems.push({ field, key: 'too_long', params: { max } });
  return s || null;
}

/** Checks and normalises every field of an asset; problems name the field and a message key. */
export function checkAssetFields(draft: AssetDraft): { fields: AssetFields; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = draft.name.trim();
  if (!name) problems.push({ field: 'name', key: 'required' });
  else if (name.length > ASSET_LIMITS.name) {
    problems.push({ field: 'name', key: 'too_long', params: { max: ASSET_LIMITS.name } });
  }
  if (!ASSET_KINDS.includes(draft.kind)) problems.push({ field: 'kind', key: 'kind_invalid' });
  const mlps = draft.mlpsLevel;
  if (mlps !== null && !(Number.isInteger(mlps) && mlps >= 1 && mlps <= 5)) {
    problems.push({ field: 'mlpsLevel', key: 'mlps_invalid' });
  }
  const isCii = draft.isCii ?? draft.kind === 'cii';
  if (draft.kind === 'cii' && !isCii) problems.push({ field: 'isCii', key: 'cii_conflict' });
  const tags = checkList('tags', draft.tags ?? [], (t) => t.trim(), 'required', problems);
  tags.forEach((t, i) => {
    if (t.length > ASSET_LIMITS.tag) {
      problems.push({ field: `tags.${i}`, key: 'too_long', params: { max: ASSET_LIMITS.tag } });
    }
  });
  if (tags.length > ASSET_LIMITS.tags)
    problems.push({ field: 'tags', key: 'too_many', params: { max: ASSET_LIMITS.tags } });
  const fields: AssetFields = {
    kind: draft.kind,
    name,
    domains: checkList('domains', draft.domains, normalizeDomain, 'domain_invalid', problems),
    urls: checkList('urls', draft.urls, normalizeUrl, 'url_invalid', problems),
    ips: checkList('ips', draft.ips, normalizeIp, 'ip_invalid', problems),
    mlpsLevel: mlps,
    isCii,
    contactName: optionalText('contactName', draft.contactName, ASSET_LIMITS.contactName, problems),
    contactPhone: optionalText('contactPhone', draft.contactPhone, ASSET_LIMITS.contactPhone, problems),
    tags,
    notes: optionalText('notes', draft.notes, ASSET_LIMITS.notes, problems),
  };
  return { fields, problems };
}

// ---- Spreadsheet cell parsing (import) ----

/** Splits a cell holding a list: separated by ; , newline (and their full-width forms, or 、). */
export function splitList(cell: string): string[] {
  return cell
    .split(/[;,\n\r；，、]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

/** "3", "三级", "第三级", "3级", "等保三级"; empty is null; anything else is 'invalid'. */
export function parseMlpsCell(cell: string): number | null | 'invalid' {
  const s = cell.trim().replace(/^等保/, '').replace(/^第/, '').replace(/级$/, '');
  if (!s) return null;
  const n = CHINESE_DIGITS[s] ?? (/^[1-5]$/.test(s) ? Number(s) : Number.NaN);
  return Number.isInteger(n) ? n : 'invalid';
}
