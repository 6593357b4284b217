import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { readZip, ZipError } from '../../../platform/files/zip-reader.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError, type ErrorDetail } from '../../../platform/http/app-error.ts';
import { alertMessage } from '../alerts/alerts.i18n.ts';
import { createSigmaEngine } from '../sigma/sigma-engine.ts';
import { type LoadedRules, loadRuleText } from '../sigma/sigma-loader.ts';
import type { SigmaEvent, UnsupportedRule } from '../sigma/sigma-types.ts';
import {
  type EventsSettings,
  effectiveMappings,
  eventsSettingsStore,
  FIELD_FALLBACKS,
  SIGMA_LEVELS,
} from './events-settings.ts';
import { analyzeRule, type RuleAnalysis } from './rule-analysis.ts';
import { rulesPolicy } from './rules.policy.ts';
import { type RuleFilter, type RuleRow, rulesRepository as repo } from './rules.repository.ts';
import { loadEnabledRules, matchKeyOf, ruleKeyOf } from './sigma-detector.ts';
import { createExplainer } from './sigma-explain.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type RuleOrigin = 'starter' | 'import' | 'ui';

export const STARTER_PACK_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'sigma',
  'rules',
);
const STARTER_FLAG = 'events.rules.starter_installed';
const MAX_RULE_BYTES = 256 * 1024;
const MAX_FILES = 5_000;
/** The engine's reason for a correlation whose rules are not loaded (sigma-engine.ts). */
const UNRESOLVED = 'references rules that are not loaded';

export interface ImportedFile {
  fileName: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
  ruleId: number | null;
  ruleKey: string | null;
  status: RuleAnalysis['status'] | null;
  problems: UnsupportedRule[];
}

export interface RuleTestInput {
  /** A stored rule to test; without it (and without yaml) every enabled rule is tested. */
  ruleId?: number;
  /** A rule text to test as pasted (not stored). */
  yaml?: string;
  event: Record<string, unknown>;
}

const isYamlName = (name: string) => /\.ya?ml$/i.test(name);

function checkSettings(s: EventsSettings, locale: Actor['locale']): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (!Number.isInteger(s.alertWindowMinutes) || s.alertWindowMinutes < 1 || s.alertWindowMinutes > 1440)
    issues.push({ field: 'alertWindowMinutes', message: alertMessage(locale, 'window_invalid') });
  if (!SIGMA_LEVELS.slice(1).includes(s.findingMinLevel))
    issues.push({ field: 'findingMinLevel', message: alertMessage(locale, 'level_invalid') });
  return issues;
}

export function createRulesService(
  db: Db,
  now: () => Date,
  onChanged: () => Promise<unknown> = async () => {},
) {
  // A failed recompile must not fail the change that was committed; the detector's poll retries it.
  const changed = async () => {
    await rejudgeUnresolved(await eventsSettingsStore.get(db));
    await onChanged().catch(() => undefined);
  };
  async function load(actor: Actor, id: number): Promise<RuleRow> {
    if (!rulesPolicy.canRead(actor)) throw AppError.notFound();
    const row = await repo.find(db, id);
    if (!row) throw AppError.notFound();
    return row;
  }
  const requireWrite = (actor: Actor) => {
    if (!rulesPolicy.canWrite(actor)) throw AppError.forbidden();
  };
  /**
   * Judges a text like the detector will: a correlation that references rules stored in other rows is
   * judged again with the enabled rows' rules (read only then).
   */
  async function judge(q: Q, yaml: string, fileName: string | null, settings: EventsSettings) {
    const alone = analyzeRule(yaml, fileName, settings);
    if (!alone.problems.some((p) => p.reason.startsWith(UNRESOLVED))) return alone;
    const rows = await q
      .selectFrom('sigma_rules')
      .select(['id', 'yaml'])
      .where('enabled', '=', 1)
      .where('rule_key', '<>', alone.ruleKey)
      .execute();
    const others = rows.flatMap((r) => loadRuleText(r.yaml, `\u0000context:${r.id}`).rules);
    return analyzeRule(yaml, fileName, settings, () => others);
  }

  /** After a change, rows whose correlations waited for rules stored elsewhere are judged again. */
  async function rejudgeUnresolved(settings: EventsSettings): Promise<void> {
    const rows = await db.selectFrom('sigma_rules').selectAll().where('status', '<>', 'loaded').execute();
    for (const row of rows) {
      if (!row.problems.includes(UNRESOLVED)) continue;
      const a = await judge(db, row.yaml, row.file_name, settings);
      if (a.status === row.status && JSON.stringify(a.problems) === row.problems) continue;
      await repo.updateIfVersion(db, row.id, row.version, {
        status: a.status,
        problems: JSON.stringify(a.problems),
        rule_count: a.ruleCount,
        correlation_count: a.correlationCount,
      });
    }
  }

  const auditView = (r: Pick<RuleRow, 'rule_key' | 'title' | 'enabled' | 'status' | 'origin'>) => ({
    ruleKey: r.rule_key,
    title: r.title,
    enabled: r.enabled === 1,
    status: r.status,
    origin: r.origin,
  });

  /** Stores one rule text (new, or replacing the row with the same key); one transaction per file. */
  async function store(
    actor: Actor,
    file: { fileName: string | null; yaml: string },
    origin: RuleOrigin,
    settings: EventsSettings,
    enabled = true,
  ): Promise<ImportedFile> {
    const fileName = file.fileName ?? 'pasted rule';
    const a = await judge(db, file.yaml, file.fileName, settings);
    if (
      a.status === 'unsupported' &&
      a.ruleCount + a.correlationCount === 0 &&
      !a.problems.some((p) => p.title)
    )
      return {
        fileName,
        outcome: 'rejected',
        ruleId: null,
        ruleKey: null,
        status: a.status,
        problems: a.problems,
      };
    const at = now().toISOString();
    return db.transaction().execute(async (trx): Promise<ImportedFile> => {
      const existing = await repo.findByKey(trx, a.ruleKey);
      const fields = {
        title: a.title,
        level: a.level,
        file_name: file.fileName?.slice(-300) ?? null,
        yaml: file.yaml,
        status: a.status,
        problems: JSON.stringify(a.problems),
        rule_count: a.ruleCount,
        correlation_count: a.correlationCount,
        updated_at: at,
      };
      const result = { fileName, ruleKey: a.ruleKey, status: a.status, problems: a.problems };
      if (existing) {
        if (existing.yaml === file.yaml) return { ...result, outcome: 'unchanged', ruleId: existing.id };
        if (!(await repo.updateIfVersion(trx, existing.id, existing.version, fields)))
          throw AppError.conflict();
        await appendAudit(trx, actor, {
          action: 'sigma_rule.update',
          resourceType: 'sigma_rule',
          resourceId: existing.id,
          before: auditView(existing),
          after: { ...auditView({ ...existing, ...fields }), from: origin },
        });
        await eventsSettingsStore.bumpVersion(trx, at);
        return { ...result, outcome: 'updated', ruleId: existing.id };
      }
      const id = await repo.insert(trx, {
        ...fields,
        rule_key: a.ruleKey,
        origin,
        enabled: enabled ? 1 : 0,
        created_by: actor.userId > 0 ? actor.userId : null,
        created_at: at,
        version: 1,
      });
      await appendAudit(trx, actor, {
        action: 'sigma_rule.create',
        resourceType: 'sigma_rule',
        resourceId: id,
        after: { ruleKey: a.ruleKey, title: a.title, status: a.status, origin, enabled },
      });
      await eventsSettingsStore.bumpVersion(trx, at);
      return { ...result, outcome: 'created', ruleId: id };
    });
  }

  async function importFiles(
    actor: Actor,
    files: readonly { name: string; data: Buffer }[],
    origin: RuleOrigin,
  ): Promise<ImportedFile[]> {
    const settings = await eventsSettingsStore.get(db);
    const out: ImportedFile[] = [];
    for (const f of files) {
      const reject = (reason: string): ImportedFile => ({
        fileName: f.name,
        outcome: 'rejected',
        ruleId: null,
        ruleKey: null,
        status: null,
        problems: [{ source: f.name, id: null, title: null, reason }],
      });
      if (f.data.length > MAX_RULE_BYTES) {
        out.push(reject(`larger than ${MAX_RULE_BYTES / 1024} KB`));
        continue;
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(f.data).replace(/^\uFEFF/, '');
      } catch {
        out.push(reject('not UTF-8 text'));
        continue;
      }
      out.push(await store(actor, { fileName: f.name, yaml: text }, origin, settings));
    }
    if (out.some((r) => r.outcome === 'created' || r.outcome === 'updated')) await changed();
    return out;
  }

  /** Runs rules on one event: the matches with their matched fields, and what could not be loaded. */
  function runTest(loaded: LoadedRules, settings: EventsSettings, event: Record<string, unknown>) {
    const mappings = effectiveMappings(settings);
    const engine = createSigmaEngine({
      rules: loaded,
      fieldMappings: mappings,
      fieldFallbacks: FIELD_FALLBACKS,
      placeholders: settings.placeholders,
    });
    const explainer = createExplainer(mappings, settings.placeholders);
    const byKey = new Map(loaded.rules.map((r) => [ruleKeyOf(r), r]));
    const sigmaEvent = event as SigmaEvent;
    const matches = engine.match(sigmaEvent).map((m) => {
      const rule = byKey.get(matchKeyOf(m));
      return {
        ruleKey: matchKeyOf(m),
        title: m.title,
        level: m.level,
        matchedFields: rule ? explainer.explain(rule, sigmaEvent) : {},
      };
    });
    const t = typeof event['@timestamp'] === 'string' ? Date.parse(event['@timestamp']) : Number.NaN;
    const correlations = engine
      .correlate(sigmaEvent, Number.isFinite(t) ? t : now().getTime())
      .map((c) => ({ ruleKey: c.correlationId ?? c.title, title: c.title, level: c.level, group: c.group }));
    return {
      rulesTested: engine.stats.rules,
      matches,
      correlations,
      unsupported: [...engine.unsupported],
    };
  }

  return {
    get: load,
    list(actor: Actor, filter: RuleFilter) {
      if (!rulesPolicy.canRead(actor)) throw AppError.forbidden();
      return repo.list(db, filter);
    },
    async summary(actor: Actor) {
      if (!rulesPolicy.canRead(actor)) throw AppError.forbidden();
      const rows = await repo.counts(db);
      const sum = (p: (r: (typeof rows)[number]) => boolean) =>
        rows.filter(p).reduce((n, r) => n + Number(r.n), 0);
      return {
        total: sum(() => true),
        enabled: sum((r) => r.enabled === 1),
        loaded: sum((r) => r.status === 'loaded'),
        partial: sum((r) => r.status === 'partial'),
        unsupported: sum((r) => r.status === 'unsupported'),
      };
    },

    /** A rule pasted or written in the UI. Stored even when the engine cannot load it, with the reason. */
    async create(actor: Actor, input: { yaml: string; enabled?: boolean }): Promise<RuleRow> {
      requireWrite(actor);
      const settings = await eventsSettingsStore.get(db);
      const a = await judge(db, input.yaml, null, settings);
      if (await repo.findByKey(db, a.ruleKey)) throw AppError.conflict({ ruleKey: a.ruleKey });
      const r = await store(
        actor,
        { fileName: null, yaml: input.yaml },
        'ui',
        settings,
        input.enabled ?? true,
      );
      await changed();
      if (r.ruleId === null)
        throw new AppError(
          'rule_invalid',
          { reason: r.problems[0]?.reason ?? 'invalid' },
          { problems: r.problems },
        );
      return load(actor, r.ruleId);
    },

    async update(
      actor: Actor,
      id: number,
      input: { yaml?: string; enabled?: boolean; version: number },
    ): Promise<RuleRow> {
      const before = await load(actor, id);
      requireWrite(actor);
      if (input.version !== before.version) throw AppError.conflict({ version: before.version });
      const settings = await eventsSettingsStore.get(db);
      const patch: Parameters<typeof repo.updateIfVersion>[3] = { updated_at: now().toISOString() };
      if (input.yaml !== undefined && input.yaml !== before.yaml) {
        const a = await judge(db, input.yaml, before.file_name, settings);
        if (a.ruleKey !== before.rule_key) {
          const other = await repo.findByKey(db, a.ruleKey);
          if (other && other.id !== id) throw AppError.conflict({ ruleKey: a.ruleKey });
        }
        Object.assign(patch, {
          yaml: input.yaml,
          rule_key: a.ruleKey,
          title: a.title,
          level: a.level,
          status: a.status,
          problems: JSON.stringify(a.problems),
          rule_count: a.ruleCount,
          correlation_count: a.correlationCount,
          origin: before.origin === 'starter' ? 'ui' : before.origin,
        });
      }
      if (input.enabled !== undefined) patch.enabled = input.enabled ? 1 : 0;
      await db.transaction().execute(async (trx) => {
        if (!(await repo.updateIfVersion(trx, id, before.version, patch))) throw AppError.conflict();
        await appendAudit(trx, actor, {
          action: input.yaml !== undefined ? 'sigma_rule.update' : 'sigma_rule.toggle',
          resourceType: 'sigma_rule',
          resourceId: id,
          before: auditView(before),
          after: auditView({
            rule_key: patch.rule_key ?? before.rule_key,
            title: patch.title ?? before.title,
            enabled: patch.enabled ?? before.enabled,
            status: patch.status ?? before.status,
            origin: patch.origin ?? before.origin,
          }),
        });
        await eventsSettingsStore.bumpVersion(trx, now().toISOString());
      });
      await changed();
      return load(actor, id);
    },

    async remove(actor: Actor, id: number): Promise<void> {
      const before = await load(actor, id);
      requireWrite(actor);
      await db.transaction().execute(async (trx) => {
        await repo.remove(trx, id);
        await appendAudit(trx, actor, {
          action: 'sigma_rule.delete',
          resourceType: 'sigma_rule',
          resourceId: id,
          before: auditView(before),
        });
        await eventsSettingsStore.bumpVersion(trx, now().toISOString());
      });
      await changed();
    },

    /** An uploaded ZIP of rules or one YAML file; every file gets its own outcome. */
    async upload(actor: Actor, upload: { fileName: string; buffer: Buffer }): Promise<ImportedFile[]> {
      requireWrite(actor);
      const isZip = upload.buffer.length >= 4 && upload.buffer.readUInt32LE(0) === 0x04034b50;
      if (!isZip) return importFiles(actor, [{ name: upload.fileName, data: upload.buffer }], 'import');
      let entries: { name: string; data: Buffer }[];
      try {
        entries = readZip(upload.buffer, 64 * 1024 * 1024, MAX_FILES);
      } catch (err) {
        if (err instanceof ZipError) throw new AppError('rule_invalid', { reason: err.message });
        throw err;
      }
      const yamls = entries.filter(
        (e) => isYamlName(e.name) && !e.name.split('/').some((p) => p.startsWith('.')),
      );
      if (yamls.length === 0)
        throw new AppError('rule_invalid', { reason: 'no .yml or .yaml file in the archive' });
      return importFiles(actor, yamls, 'import');
    },

    /** Loads every .yml/.yaml file under a directory (the CLI, and the starter pack). */
    async importDirectory(actor: Actor, dir: string, origin: RuleOrigin = 'import'): Promise<ImportedFile[]> {
      const files: { name: string; data: Buffer }[] = [];
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
          a.name.localeCompare(b.name),
        )) {
          const full = path.join(d, e.name);
          if (e.isDirectory()) walk(full);
          else if (isYamlName(e.name))
            files.push({ name: path.relative(dir, full), data: readFileSync(full) });
        }
      };
      walk(dir);
      return importFiles(actor, files, origin);
    },

    /** Installs the starter pack once (on first start); later starts leave the office's choices alone. */
    async ensureStarterPack(actor: Actor): Promise<number> {
      const flag = await db
        .selectFrom('settings')
        .select('key')
        .where('key', '=', STARTER_FLAG)
        .executeTakeFirst();
      if (flag) return 0;
      const results = await this.importDirectory(actor, STARTER_PACK_DIR, 'starter');
      const at = now().toISOString();
      await db
        .insertInto('settings')
        .values({ key: STARTER_FLAG, value: at, updated_at: at })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return results.filter((r) => r.outcome === 'created').length;
    },

    async test(actor: Actor, input: RuleTestInput) {
      if (!rulesPolicy.canRead(actor)) throw AppError.forbidden();
      const settings = await eventsSettingsStore.get(db);
      let loaded: LoadedRules;
      if (input.yaml !== undefined) loaded = loadRuleText(input.yaml, 'pasted rule');
      else if (input.ruleId !== undefined) {
        const row = await load(actor, input.ruleId);
        loaded = loadRuleText(row.yaml, row.file_name ?? row.title);
      } else loaded = await loadEnabledRules(db);
      return runTest(loaded, settings, input.event);
    },

    async getSettings(actor: Actor) {
      if (!rulesPolicy.canRead(actor)) throw AppError.forbidden();
      return eventsSettingsStore.get(db);
    },

    /** Saves the settings and re-judges every rule with them (a placeholder may now have a value). */
    async putSettings(actor: Actor, input: EventsSettings): Promise<EventsSettings> {
      requireWrite(actor);
      const issues = checkSettings(input, actor.locale);
      if (issues.length > 0) throw AppError.invalid(issues);
      const before = await eventsSettingsStore.get(db);
      const at = now().toISOString();
      await db.transaction().execute(async (trx) => {
        await eventsSettingsStore.save(trx, input, at);
        for (const row of await repo.all(trx)) {
          const a = await judge(trx, row.yaml, row.file_name, input);
          if (a.status !== row.status || JSON.stringify(a.problems) !== row.problems)
            await repo.updateIfVersion(trx, row.id, row.version, {
              status: a.status,
              problems: JSON.stringify(a.problems),
              rule_count: a.ruleCount,
              correlation_count: a.correlationCount,
            });
        }
        await appendAudit(trx, actor, {
          action: 'events_settings.update',
          resourceType: 'events_settings',
          before,
          after: input,
        });
        await eventsSettingsStore.bumpVersion(trx, at);
      });
      await changed();
      return input;
    },
  };
}

export type RulesService = ReturnType<typeof createRulesService>;
