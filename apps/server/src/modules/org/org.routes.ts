import type { Static } from 'typebox';
import { Type } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import { IdParams, Paged, paging } from '../../platform/http/schemas.ts';
import { presentRegion, presentUnit } from './org.presenter.ts';
import type { UnitValues } from './org.repository.ts';
import { Region, RegionCreate, RegionUpdate, Unit, UnitInput, UnitListQuery } from './org.schemas.ts';
import type { OrgService } from './org.service.ts';

const read = { access: { kind: 'user', scope: 'org:read' } } as const;
const write = { access: { kind: 'user', scope: 'org:write' } } as const;
const tags = ['org'];

function unitValues(body: Static<typeof UnitInput>): UnitValues {
  return {
    regionId: body.regionId,
    name: body.name.trim(),
    creditCode: body.creditCode ?? null,
    kind: body.kind,
    contactName: body.contactName ?? null,
    contactPhone: body.contactPhone ?? null,
    contactEmail: body.contactEmail ?? null,
    leaderName: body.leaderName ?? null,
    isCii: body.isCii ?? false,
  };
}

export async function orgRoutes(app: App, org: OrgService): Promise<void> {
  app.get(
    '/api/v1/regions',
    {
      config: read,
      schema: { tags, summary: 'Region tree visible to the caller', response: { 200: Type.Array(Region) } },
    },
    async (req) => {
      const actor = actorOf(req);
      return (await org.listRegions(actor)).map((r) => presentRegion(actor, r));
    },
  );
  app.get(
    '/api/v1/regions/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: Region } } },
    async (req) => presentRegion(actorOf(req), await org.getRegion(actorOf(req), req.params.id)),
  );
  app.post(
    '/api/v1/regions',
    { config: write, schema: { tags, body: RegionCreate, response: { 201: Region } } },
    async (req, reply) => {
      const region = await org.createRegion(actorOf(req), req.body);
      return reply.status(201).send(presentRegion(actorOf(req), region));
    },
  );
  app.put(
    '/api/v1/regions/:id',
    { config: write, schema: { tags, params: IdParams, body: RegionUpdate, response: { 200: Region } } },
    async (req) => presentRegion(actorOf(req), await org.updateRegion(actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/regions/:id',
    { config: write, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await org.deleteRegion(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/units',
    {
      config: read,
      schema: {
        tags,
        summary: 'Units in the caller’s jurisdiction',
        querystring: UnitListQuery,
        response: { 200: Paged(Unit) },
      },
    },
    async (req) => {
      const p = paging(req.query);
      const { items, total } = await org.listUnits(actorOf(req), {
        ...req.query,
        limit: p.limit,
        offset: p.offset,
      });
      return {
        items: items.map((u) => presentUnit(actorOf(req), u)),
        total,
        page: p.page,
        pageSize: p.pageSize,
      };
    },
  );
  app.get(
    '/api/v1/units/:id',
    { config: read, schema: { tags, params: IdParams, response: { 200: Unit } } },
    async (req) => presentUnit(actorOf(req), await org.getUnit(actorOf(req), req.params.id)),
  );
  app.post(
    '/api/v1/units',
    { config: write, schema: { tags, body: UnitInput, response: { 201: Unit } } },
    async (req, reply) => {
      const unit = await org.createUnit(actorOf(req), unitValues(req.body));
      return reply.status(201).send(presentUnit(actorOf(req), unit));
    },
  );
  app.put(
    '/api/v1/units/:id',
    { config: write, schema: { tags, params: IdParams, body: UnitInput, response: { 200: Unit } } },
    async (req) =>
      presentUnit(actorOf(req), await org.updateUnit(actorOf(req), req.params.id, unitValues(req.body))),
  );
  app.delete(
    '/api/v1/units/:id',
    { config: write, schema: { tags, params: IdParams } },
    async (req, reply) => {
      await org.deleteUnit(actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
}
