import path from 'node:path';
import { createSigmaEngine } from '../sigma/sigma-engine.ts';
import { loadRuleText } from '../sigma/sigma-loader.ts';
import type { SigmaRule, UnsupportedRule } from '../sigma/sigma-types.ts';
import { type EventsSettings, effectiveMappings, FIELD_FALLBACKS } from './events-settings.ts';

export type RuleStatus = 'loaded' | 'partial' | 'unsupported';

/** What the engine makes of one YAML text: its key and title, and every document it could not load. */
export interface RuleAnalysis {
  ruleKey: string;
  title: string;
  level: string | null;
  status: RuleStatus;
  problems: UnsupportedRule[];
  ruleCount: number;
  correlationCount: number;
}

const MAX_KEY = 200;
const MAX_TITLE = 300;

/**
 * Loads and compiles one rule text with the office's mappings and placeholders. Never throws: a text the
 * engine cannot use is `unsupported` with the engine's reasons. A correlation may reference rules stored
 * in other rows: `context` gives them (asked for only when the text has a correlation), so the status is
 * what the detector, which compiles every enabled rule together, will make of it.
 */
export function analyzeRule(
  yaml: string,
  fileName: string | null,
  settings: EventsSettings,
  context: () => readonly SigmaRule[] = () => [],
): RuleAnalysis {
  const source = fileName ?? 'pasted rule';
  const loaded = loadRuleText(yaml, source);
  const others = loaded.correlations.length > 0 ? context() : [];
  const engine = createSigmaEngine({
    rules: { ...loaded, rules: [...loaded.rules, ...others] },
    fieldMappings: effectiveMappings(settings),
    fieldFallbacks: FIELD_FALLBACKS,
    placeholders: settings.placeholders,
  });
  // Only this text's documents: a context rule the engine could not compile is its own row's problem.
  const unsupported = engine.unsupported.filter(
    (u) => u.source === source || u.source.startsWith(`${source}#`),
  );
  const failed = (sources: readonly { source: string }[]) =>
    sources.filter((x) => unsupported.some((u) => u.source === x.source)).length;
  const ruleCount = loaded.rules.length - failed(loaded.rules);
  const correlationCount = loaded.correlations.length - failed(loaded.correlations);
  const first = loaded.rules[0] ?? loaded.correlations[0] ?? null;
  const named = unsupported.find((u) => u.id !== null || u.title !== null);
  const fallback = fileName ? path.basename(fileName).replace(/\.ya?ml$/i, '') : 'rule';
  const ruleKey = first?.id ?? named?.id ?? first?.title ?? named?.title ?? fallback;
  const title = first?.title ?? named?.title ?? fallback;
  const loadedCount = ruleCount + correlationCount;
  const status: RuleStatus =
    unsupported.length === 0 && loadedCount > 0 ? 'loaded' : loadedCount > 0 ? 'partial' : 'unsupported';
  const problems =
    loadedCount === 0 && unsupported.length === 0
      ? [{ source, id: null, title: null, reason: 'the text holds no Sigma rule' }]
      : unsupported;
  return {
    ruleKey: ruleKey.slice(0, MAX_KEY),
    title: title.slice(0, MAX_TITLE),
    // Column widths: a level is one of five words; anything longer is not a Sigma level anyway.
    level: first?.level?.slice(0, 16) ?? null,
    status,
    problems,
    ruleCount,
    correlationCount,
  };
}
