import { Type } from 'typebox';
import { readRawUpload } from '../../../platform/files/upload.ts';
import { type App, actorOf } from '../../../platform/http/app.ts';
import { Abilities, IdParams, Paged, paging } from '../../../platform/http/schemas.ts';
import { rulesPolicy } from './rules.policy.ts';
import { presentImport, presentRule, presentRuleDetail } from './rules.presenter.ts';
import {
  CreateRuleBody,
  EventsSettingsBody,
  EventsSettingsResult,
  ImportResult,
  RuleCounts,
  RuleDetail,
  RuleListQuery,
  RuleSummary,
  RuleTestBody,
  RuleTestResult,
  UpdateRuleBody,
} from './rules.schemas.ts';
import type { RulesService } from './rules.service.ts';

const read = { access: { kind: 'user', scope: 'events:read' } } as const;
const write = { access: { kind: 'user', scope: 'events:write' } } as const;
const tags = ['events'];

/** Sigma rules: list with load status, paste/edit, upload, enable/disable, test on a pasted event; settings. */
export async function rulesRoutes(app: App, rules: RulesService, uploadMaxBytes: number): Promise<void> {
  app.get(
    '/api/v1/events/rules',
    {
      config: read,
      schema: {
        tags,
        summary: 'Sigma rules with their load status (office roles)',
        querystring: RuleListQuery,
        response: {
          200: Type.Object({ ...Paged(RuleSummary).properties, counts: RuleCounts, abilities: Abilities }),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const p = paging(req.query);
      const [{ items, total }, counts] = await Promise.all([
        rules.list(actor, { ...req.query, limit: p.limit, offset: p.offset }),
        rules.summary(actor),
      ]);
      return {
        items: items.map((r) => presentRule(actor, r)),
        total,
        page: p.page,
        pageSize: p.pageSize,
        counts,
        abilities: { create: rulesPolicy.canWrite(actor) },
      };
    },
  );
  app.get(
    '/api/v1/events/rules/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: RuleDetail } } },
    async (req) => presentRuleDetail(actorOf(req), await rules.get(actorOf(req), req.params.id)),
  );
  app.post(
    '/api/v1/events/rules',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add a rule written or pasted in the UI',
        description:
          'Stored even when the engine cannot load some of it: the status and problems say why. 422 rule_invalid ' +
          'when the text holds no rule at all (e.g. a YAML syntax error); 409 when a rule with the same id exists.',
        body: CreateRuleBody,
        response: { 201: RuleDetail },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return reply.status(201).send(presentRuleDetail(actor, await rules.create(actor, req.body)));
    },
  );
  app.put(
    '/api/v1/events/rules/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Edit a rule’s text, or enable/disable it',
        params: IdParams,
        body: UpdateRuleBody,
        response: { 200: RuleDetail },
      },
    },
    async (req) => presentRuleDetail(actorOf(req), await rules.update(actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/events/rules/:id',
    { config: write, schema: { tags, params: IdParams, response: {} } },
    async (req, reply) => {
      await rules.remove(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/events/rules/upload',
    {
      config: write,
      schema: {
        tags,
        summary: 'Upload a ZIP of rules (.yml/.yaml, folders allowed) or one YAML file',
        description:
          'multipart/form-data with one file field `file`. Each file is loaded on its own and reported: created, ' +
          'updated (same rule id, new text), unchanged, or rejected (not UTF-8, too large, no rule in it), with the ' +
          'engine’s reason for anything it cannot load. A rule that is partly unsupported is stored with its reasons.',
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult },
      },
    },
    async (req) => {
      const upload = await readRawUpload(req, { maxBytes: uploadMaxBytes });
      return presentImport(await rules.upload(actorOf(req), upload));
    },
  );
  app.post(
    '/api/v1/events/rules/test',
    {
      config: read,
      schema: {
        tags,
        summary: 'Run one rule (stored or pasted) or every enabled rule on a pasted JSON event',
        description:
          'Nothing is stored. Returns each matching rule with the event fields that matched, any correlation the ' +
          'single event completes, and every rule that could not be loaded, with the reason.',
        body: RuleTestBody,
        response: { 200: RuleTestResult },
      },
    },
    async (req) => rules.test(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/events/detection-settings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Field mappings, placeholders, alert window and finding threshold',
        response: { 200: EventsSettingsResult },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return { ...(await rules.getSettings(actor)), abilities: { update: rulesPolicy.canWrite(actor) } };
    },
  );
  app.put(
    '/api/v1/events/detection-settings',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change the detection settings (every rule is re-judged with them)',
        body: EventsSettingsBody,
        response: { 200: EventsSettingsResult },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return {
        ...(await rules.putSettings(actor, req.body)),
        abilities: { update: rulesPolicy.canWrite(actor) },
      };
    },
  );
}
