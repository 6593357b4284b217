// Shared types of the Sigma engine: parsed rules, compiled matchers and what the engine reports.

/** An event as received: flat (`{"url.path": "/x"}`) or nested (`{"url": {"path": "/x"}}`) fields. */
export type SigmaEvent = Readonly<Record<string, unknown>>;

/** The log source a rule applies to, or an event comes from (lower-cased when compiled). */
export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

/** A rule or correlation that could not be loaded, and why. Never dropped silently. */
export interface UnsupportedRule {
  /** File (or other origin) and, for multi-document files, the document number (1-based). */
  source: string;
  id: string | null;
  title: string | null;
  reason: string;
}

/** A detection rule validated and ready to compile (the YAML's meaning, not its shape). */
export interface SigmaRule {
  id: string | null;
  /** The `name` a correlation may reference it by (Sigma v2). */
  name: string | null;
  title: string;
  level: string | null;
  status: string | null;
  tags: string[];
  logsource: Logsource;
  detection: Readonly<Record<string, unknown>>;
  /** Conditions (a list of conditions means any of them). */
  conditions: string[];
  source: string;
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';

/** A threshold: every operator given must hold (gte: 5 and lt: 10 means 5..9). */
export interface CountCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  neq?: number;
}

export interface SigmaCorrelation {
  id: string | null;
  name: string | null;
  title: string;
  level: string | null;
  type: CorrelationType;
  /** Referenced rules, by id or name. */
  rules: string[];
  groupBy: string[];
  /** Per group-by alias: referenced rule (id or name) -> the field holding it in that rule's events. */
  aliases: Record<string, Record<string, string>>;
  timespanMs: number;
  condition: CountCondition;
  /** value_count: the field whose distinct values are counted. */
  valueField: string | null;
  /** Whether the referenced rules also report their own matches (Sigma `generate`, default false). */
  generate: boolean;
  source: string;
}

/** One rule matching one event. */
export interface SigmaMatch {
  ruleId: string | null;
  title: string;
  level: string | null;
  tags: string[];
}

/** A correlation whose condition was met, with the group it was met for. */
export interface CorrelationMatch {
  correlationId: string | null;
  title: string;
  level: string | null;
  type: CorrelationType;
  group: Record<string, string>;
  /** Events (event_count) or distinct values (value_count) or rules seen (temporal) in the window. */
  count: number;
  windowStart: number;
  windowEnd: number;
  /** Matches found when a tumbling window closes (no event completes them): the group's latest event. */
  event?: SigmaEvent;
}

/** Field mappings: a Sigma field name -> the event field (dotted path) or paths to read, first present wins. */
export type FieldMappings = Readonly<Record<string, string | readonly string[]>>;

/** Placeholder values for the `expand` modifier: `%admins%` -> ['root', 'admin']. */
export type Placeholders = Readonly<Record<string, string | readonly string[]>>;

/** Thrown by the loader and compiler: becomes an UnsupportedRule with this message as the reason. */
export class SigmaRuleError extends Error {}
