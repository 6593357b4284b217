import type { Actor } from '../../../platform/http/actor.ts';
import type { UnsupportedRule } from '../sigma/sigma-types.ts';
import type { RuleStatus } from './rule-analysis.ts';
import { ruleAbilities } from './rules.policy.ts';
import type { RuleRow } from './rules.repository.ts';
import type { ImportedFile, RuleOrigin } from './rules.service.ts';

export function presentRule(actor: Actor, r: RuleRow) {
  return {
    id: r.id,
    ruleKey: r.rule_key,
    title: r.title,
    level: r.level,
    origin: r.origin as RuleOrigin,
    fileName: r.file_name,
    enabled: r.enabled === 1,
    status: r.status as RuleStatus,
    problems: JSON.parse(r.problems) as UnsupportedRule[],
    ruleCount: r.rule_count,
    correlationCount: r.correlation_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    abilities: ruleAbilities(actor),
  };
}

export function presentRuleDetail(actor: Actor, r: RuleRow) {
  return { ...presentRule(actor, r), yaml: r.yaml };
}

export function presentImport(files: ImportedFile[]) {
  const n = (o: ImportedFile['outcome']) => files.filter((f) => f.outcome === o).length;
  return {
    files,
    created: n('created'),
    updated: n('updated'),
    unchanged: n('unchanged'),
    rejected: n('rejected'),
    unsupported: files.filter((f) => f.outcome !== 'rejected' && f.status !== 'loaded').length,
  };
}
