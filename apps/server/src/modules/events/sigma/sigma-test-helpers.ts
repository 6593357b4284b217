// Helpers for the Sigma unit tests: build an engine from inline YAML and ask whether a rule matches.
import { createSigmaEngine, type SigmaEngine, type SigmaEngineOptions } from './sigma-engine.ts';
import { loadRuleText } from './sigma-loader.ts';
import type { SigmaEvent } from './sigma-types.ts';

/** A rule document around a detection block (indented YAML text of the `detection:` map's body). */
export function ruleYaml(detection: string, extra = ''): string {
  const body = detection
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `title: Test rule\nid: test-rule\n${extra}logsource:\n  category: test\ndetection:\n${body}\n`;
}

export function engineFor(yaml: string, options: Omit<SigmaEngineOptions, 'rules'> = {}): SigmaEngine {
  return createSigmaEngine({ rules: loadRuleText(yaml, 'test.yml'), ...options });
}

/** Whether the one rule in `detection` matches `event`; throws when the rule did not load. */
export function matches(
  detection: string,
  event: SigmaEvent,
  options: Omit<SigmaEngineOptions, 'rules'> = {},
): boolean {
  const engine = engineFor(ruleYaml(detection), options);
  if (engine.unsupported.length > 0) throw new Error(`rule not loaded: ${engine.unsupported[0]?.reason}`);
  return engine.match(event).length > 0;
}

/** The reason the rule was not loaded, or null when it loaded. */
export function rejection(detection: string, options: Omit<SigmaEngineOptions, 'rules'> = {}): string | null {
  return engineFor(ruleYaml(detection), options).unsupported[0]?.reason ?? null;
}

/** Three detection rules for correlation tests, by name: `failed` (id base-failed), `success`, `download`. */
export const CORRELATION_BASE = `title: failed login
name: failed
id: base-failed
logsource:
  category: test
detection:
  s:
    outcome: failure
  condition: s
---
title: success login
name: success
logsource:
  category: test
detection:
  s:
    outcome: success
  condition: s
---
title: download
name: download
logsource:
  category: test
detection:
  s:
    action: download
  condition: s
`;

export const MIN = 60_000;

/** A correlation document (starting with `---`) whose body is written unindented under `correlation:`. */
export function correlationDoc(
  body: string,
  options: { id?: string; title?: string; extra?: string } = {},
): string {
  const { id = 'corr', title = 'correlated', extra = '' } = options;
  const indented = body
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return `---\ntitle: ${title}\nid: ${id}\n${extra}correlation:\n${indented}\n`;
}

/** The base rules and one correlation, id `corr`. */
export function correlationYaml(body: string, extra = ''): string {
  return CORRELATION_BASE + correlationDoc(body, { extra });
}
