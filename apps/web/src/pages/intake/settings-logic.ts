import type { ResponseOf } from '../../api/types.ts';

export type RoutingRuleList = ResponseOf<'/api/v1/intake/routing-rules', 'get'>;
export type RoutingRule = RoutingRuleList['items'][number];
export type WorkflowSettings = ResponseOf<'/api/v1/intake/settings', 'get'>;
export type PublicFormSettings = ResponseOf<'/api/v1/intake/public-form', 'get'>;
export type EvidenceFile = ResponseOf<'/api/v1/intake/cases/{id}/files', 'get'>['items'][number];

/** The handling types in the order an office thinks of them (DOMAIN.md deadlines). */
export const HANDLING_TYPES = ['enquiry', 'help', 'suggestion', 'complaint', 'report'] as const;

/**
 * The new order of the caller's own rules after moving one up or down. Rules of other offices keep their
 * place (the server orders each office's rules separately); null when the rule cannot move that way.
 */
export function moveRule(rules: readonly RoutingRule[], id: number, delta: -1 | 1): number[] | null {
  const own = rules.filter((r) => r.abilities.reorder).map((r) => r.id);
  const from = own.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= own.length) return null;
  const next = [...own];
  [next[from], next[to]] = [next[to] as number, next[from] as number];
  return next;
}

export type RuleOffice = 'own' | 'inherited' | 'lower';

/** Whose rule it is, seen from the caller's region path. */
export function ruleOffice(rule: RoutingRule, callerPath: string): RuleOffice {
  if (rule.officeRegionPath === callerPath) return 'own';
  return rule.officeRegionPath.startsWith(callerPath) ? 'lower' : 'inherited';
}

const MB = 1024 * 1024;
/** Bytes shown as megabytes with at most two decimals (10485760 → 10). */
export const toMb = (bytes: number): number => Math.round((bytes / MB) * 100) / 100;
/** Megabytes typed by a person, as whole bytes. */
export const fromMb = (mb: number): number => Math.round(mb * MB);

/** 1.2 MB, 340 KB, 999 B. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** The extensions a file of each sniffed type may honestly carry. */
const EXTENSIONS: Record<string, readonly string[]> = {
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png'],
  gif: ['gif'],
  webp: ['webp'],
  avif: ['avif'],
  heic: ['heic', 'heif'],
  pdf: ['pdf'],
};

/** The extension the citizen's file name claims, lower-case; '' when it has none. */
export function declaredExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

/** True when the file's name claims a type its bytes are not (a GIF named .jpg, a PDF named .png). */
export function nameMismatch(file: Pick<EvidenceFile, 'name' | 'sniffedType'>): boolean {
  if (!file.sniffedType) return false;
  const ext = declaredExtension(file.name);
  const allowed = EXTENSIONS[file.sniffedType];
  return ext !== '' && allowed !== undefined && !allowed.includes(ext);
}
