import path from 'node:path';
import type { Locale } from '@shouwang/common';
import type { Static } from 'typebox';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import type { TokensService } from '../../tokens/tokens.service.ts';
import { type IngestMessageKey, ingestMessage } from '../ingest/ingest.i18n.ts';
import { isValidTimeZone } from '../parsers/index.ts';
import { compileCidrs } from '../sigma/sigma-cidr.ts';
import { sourcesPolicy } from './sources.policy.ts';
import { presentSource, type SourceCounters } from './sources.presenter.ts';
import { sourcesRepository as repo, type SourceFilter, type SourceWithUnit } from './sources.repository.ts';
import type { CreateSourceBody, SourceTransport, UpdateSourceBody } from './sources.schemas.ts';

export interface SourcesDeps {
  db: Db;
  tokens: TokensService;
  now: () => Date;
  /** Directories file-tail sources may read. */
  tailDirs: readonly string[];
  /** Called after a change, so this process's ingest directory is refreshed at once. */
  onChanged?: () => void;
}

const SYSLOG: readonly string[] = ['syslog_udp', 'syslog_tcp', 'syslog_tls'];
const TOKEN_DAYS = 3650;
const DEFAULT_TIMEZONE = 'Asia/Shanghai';

type CreateInput = Static<typeof CreateSourceBody>;
type UpdateInput = Static<typeof UpdateSourceBody>;

/** The audited, comparable fields of a source. */
function auditView(s: SourceWithUnit) {
  return {
    name: s.name,
    kind: s.kind,
    unitId: s.unitId,
    assetId: s.assetId,
    transport: s.transport,
    allowedSenders: s.allowedSenders,
    timezone: s.timezone,
    filePath: s.filePath,
    enabled: s.enabled,
  };
}

/** The event source registry: who may send what, for which unit; with live counters per source. */
export function createSourcesService(deps: SourcesDeps) {
  const { db, tokens, now } = deps;

  async function load(actor: Actor, id: number): Promise<SourceWithUnit> {
    const s = await repo.find(db, id);
    if (!s || !sourcesPolicy.canRead(actor, s)) throw AppError.notFound();
    return s;
  }

  async function counters(ids: number[]): Promise<Map<number, SourceCounters>> {
    const at = now().getTime();
    const from = new Date(at - 59 * 60_000).toISOString().slice(0, 16);
    const current = new Date(at).toISOString().slice(0, 16);
    const rows = await repo.minutesSince(db, ids, from);
    const last = await repo.lastActiveMinutes(db, ids);
    const out = new Map<number, SourceCounters>();
    for (const id of ids) {
      out.set(id, {
        lastHour: { received: 0, parsed: 0, failed: 0, dropped: 0 },
        thisMinute: { received: 0, parsed: 0, failed: 0, dropped: 0 },
        series: [],
        lastEventAt: last.get(id) ?? null,
      });
    }
    for (const r of rows) {
      const c = out.get(r.sourceId);
      if (!c) continue;
      for (const k of ['received', 'parsed', 'failed', 'dropped'] as const) {
        c.lastHour[k] += r[k];
        if (r.minute === current) c.thisMinute[k] += r[k];
      }
      c.series.push({ minute: r.minute, received: r.received, failed: r.failed, dropped: r.dropped });
    }
    return out;
  }

  async function present(actor: Actor, s: SourceWithUnit) {
    const c = (await counters([s.id])).get(s.id);
    if (!c) throw new Error('counters missing');
    return presentSource(actor, s, c);
  }

  /** Checks and normalises the settings that depend on the transport; throws event_source_invalid. */
  async function validate(
    locale: Locale,
    v: {
      transport: SourceTransport;
      unitId: number;
      assetId: number | null;
      allowedSenders: string[];
      timezone: string;
      filePath: string | null;
    },
  ): Promise<{ allowedSenders: string[]; filePath: string | null }> {
    const msg = (key: IngestMessageKey, params: Record<string, string> = {}) =>
      ingestMessage(locale, key, params);
    if (v.assetId !== null && (await repo.assetUnit(db, v.assetId)) !== v.unitId) {
      throw new AppError('event_source_invalid', { reason: 'asset' }, [
        { field: 'assetId', message: msg('asset_other_unit') },
      ]);
    }
    if (!isValidTimeZone(v.timezone)) {
      throw new AppError('event_source_invalid', { reason: 'timezone' }, [
        { field: 'timezone', message: msg('timezone_unknown', { value: v.timezone }) },
      ]);
    }
    let allowedSenders: string[] = [];
    if (SYSLOG.includes(v.transport)) {
      allowedSenders = [...new Set(v.allowedSenders.map((a) => a.trim()).filter(Boolean))];
      if (allowedSenders.length === 0) {
        throw new AppError('event_source_invalid', { reason: 'allowedSenders' }, [
          {
            field: 'allowedSenders',
            message: msg('senders_required'),
          },
        ]);
      }
      for (const a of allowedSenders) {
        try {
          compileCidrs([a]);
        } catch {
          throw new AppError('event_source_invalid', { reason: 'allowedSenders' }, [
            { field: 'allowedSenders', message: msg('sender_invalid', { value: a }) },
          ]);
        }
      }
    }
    let filePath: string | null = null;
    if (v.transport === 'file') {
      const p = v.filePath ? path.resolve(v.filePath) : '';
      const inside = deps.tailDirs.some((d) => p === d || p.startsWith(`${d}${path.sep}`));
      if (!v.filePath || !path.isAbsolute(v.filePath) || !inside) {
        throw new AppError('event_source_invalid', { reason: 'filePath' }, [
          {
            field: 'filePath',
            message:
              deps.tailDirs.length === 0
                ? msg('tail_disabled')
                : msg('tail_outside', { dirs: deps.tailDirs.join(', ') }),
          },
        ]);
      }
      filePath = p;
    }
    return { allowedSenders, filePath };
  }

  async function newToken(actor: Actor, name: string) {
    return tokens.create(actor, {
      name: `事件源 / event source: ${name}`.slice(0, 100),
      scopes: ['events:ingest'],
      expiresInDays: TOKEN_DAYS,
    });
  }

  return {
    get: async (actor: Actor, id: number) => present(actor, await load(actor, id)),

    async list(actor: Actor, filter: SourceFilter, page: { limit: number; offset: number }) {
      const { items, total } = await repo.list(db, actor, filter, page);
      const c = await counters(items.map((s) => s.id));
      return {
        total,
        items: items.map((s) => {
          const cs = c.get(s.id);
          if (!cs) throw new Error('counters missing');
          return presentSource(actor, s, cs);
        }),
      };
    },

    /** Registers a source; an HTTP source gets its API token, whose secret is returned only here. */
    async create(actor: Actor, input: CreateInput) {
      const unit = await repo.unitWithPath(db, input.unitId);
      if (!unit || !sourcesPolicy.canRead(actor, { unitId: unit.id, regionPath: unit.regionPath })) {
        throw AppError.notFound();
      }
      if (!sourcesPolicy.canWrite(actor, { unitId: unit.id, regionPath: unit.regionPath })) {
        throw AppError.forbidden();
      }
      const timezone = input.timezone ?? DEFAULT_TIMEZONE;
      const checked = await validate(actor.locale, {
        transport: input.transport,
        unitId: unit.id,
        assetId: input.assetId ?? null,
        allowedSenders: input.allowedSenders ?? [],
        timezone,
        filePath: input.filePath ?? null,
      });
      const token = input.transport === 'http' ? await newToken(actor, input.name) : null;
      const at = now().toISOString();
      const id = await db.transaction().execute(async (trx) => {
        const newId = await repo.insert(trx, {
          name: input.name.trim(),
          kind: input.kind,
          unit_id: unit.id,
          asset_id: input.assetId ?? null,
          transport: input.transport,
          allowed_senders: JSON.stringify(checked.allowedSenders),
          timezone,
          file_path: checked.filePath,
          token_id: token?.row.id ?? null,
          enabled: input.enabled === false ? 0 : 1,
          created_by: actor.userId || null,
          created_at: at,
          updated_at: at,
        });
        const created = await repo.find(trx, newId);
        if (!created) throw new Error('source vanished');
        await appendAudit(trx, actor, {
          action: 'event_source.create',
          resourceType: 'event_source',
          resourceId: newId,
          regionPath: unit.regionPath,
          after: { ...auditView(created), tokenPrefix: token?.row.prefix ?? null },
        });
        return newId;
      });
      deps.onChanged?.();
      return { source: await present(actor, await load(actor, id)), token: token?.secret ?? null };
    },

    async update(actor: Actor, id: number, input: UpdateInput) {
      const before = await load(actor, id);
      if (!sourcesPolicy.canWrite(actor, before)) throw AppError.forbidden();
      let unitPath = before.regionPath;
      if (input.unitId !== undefined && input.unitId !== before.unitId) {
        const unit = await repo.unitWithPath(db, input.unitId);
        if (!unit || !sourcesPolicy.canWrite(actor, { unitId: unit.id, regionPath: unit.regionPath })) {
          throw AppError.notFound();
        }
        unitPath = unit.regionPath;
      }
      const transport = (input.transport ?? before.transport) as SourceTransport;
      const unitId = input.unitId ?? before.unitId;
      const assetId = input.assetId === undefined ? (input.unitId ? null : before.assetId) : input.assetId;
      const timezone = input.timezone ?? before.timezone;
      const checked = await validate(actor.locale, {
        transport,
        unitId,
        assetId,
        allowedSenders: input.allowedSenders ?? before.allowedSenders,
        timezone,
        filePath: input.filePath === undefined ? before.filePath : input.filePath,
      });
      // Leaving HTTP revokes the token; coming to HTTP issues one (returned once).
      const token =
        transport === 'http' && !before.tokenId ? await newToken(actor, input.name ?? before.name) : null;
      if (transport !== 'http' && before.tokenId) await tokens.revoke(actor, before.tokenId).catch(() => {});
      await db.transaction().execute(async (trx) => {
        await repo.update(trx, id, {
          name: input.name?.trim() ?? before.name,
          kind: input.kind ?? before.kind,
          unit_id: unitId,
          asset_id: assetId,
          transport,
          allowed_senders: JSON.stringify(checked.allowedSenders),
          timezone,
          file_path: checked.filePath,
          token_id: transport === 'http' ? (token?.row.id ?? before.tokenId) : null,
          enabled: input.enabled === undefined ? (before.enabled ? 1 : 0) : input.enabled ? 1 : 0,
          updated_at: now().toISOString(),
        });
        const after = await repo.find(trx, id);
        if (!after) throw new Error('source vanished');
        await appendAudit(trx, actor, {
          action: 'event_source.update',
          resourceType: 'event_source',
          resourceId: id,
          regionPath: unitPath,
          before: auditView(before),
          after: auditView(after),
        });
      });
      deps.onChanged?.();
      return { source: await present(actor, await load(actor, id)), token: token?.secret ?? null };
    },

    /** Deletes a source with its counters and stored events, and revokes its token. */
    async remove(actor: Actor, id: number): Promise<void> {
      const before = await load(actor, id);
      if (!sourcesPolicy.canWrite(actor, before)) throw AppError.forbidden();
      await db.transaction().execute(async (trx) => {
        await repo.delete(trx, id);
        await appendAudit(trx, actor, {
          action: 'event_source.delete',
          resourceType: 'event_source',
          resourceId: id,
          regionPath: before.regionPath,
          before: auditView(before),
        });
      });
      if (before.tokenId) await tokens.revoke(actor, before.tokenId).catch(() => {});
      deps.onChanged?.();
    },

    /** Issues a new token for an HTTP source and revokes the old one; the secret is returned once. */
    async rotateToken(actor: Actor, id: number) {
      const before = await load(actor, id);
      if (!sourcesPolicy.canWrite(actor, before)) throw AppError.forbidden();
      if (before.transport !== 'http') {
        throw new AppError('event_source_invalid', { reason: 'transport' }, [
          { field: 'transport', message: ingestMessage(actor.locale, 'token_http_only') },
        ]);
      }
      const token = await newToken(actor, before.name);
      await db.transaction().execute(async (trx) => {
        await repo.update(trx, id, { token_id: token.row.id, updated_at: now().toISOString() });
        await appendAudit(trx, actor, {
          action: 'event_source.rotate_token',
          resourceType: 'event_source',
          resourceId: id,
          regionPath: before.regionPath,
          before: { tokenPrefix: before.tokenPrefix },
          after: { tokenPrefix: token.row.prefix },
        });
      });
      if (before.tokenId) await tokens.revoke(actor, before.tokenId).catch(() => {});
      return { source: await present(actor, await load(actor, id)), token: token.secret };
    },

    async unregistered(actor: Actor) {
      if (!sourcesPolicy.canSeeUnregistered(actor)) throw AppError.forbidden();
      return { items: await repo.unregistered(db, 200) };
    },
  };
}

export type SourcesService = ReturnType<typeof createSourcesService>;
