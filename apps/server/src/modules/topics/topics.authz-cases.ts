import { isUnitRole, type Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../test/authz-matrix.ts';
import { systemActor } from '../../platform/http/actor.ts';
import { RISK_CHECK_KEYS } from './risk/risk-checklist.ts';

/**
 * The topic routes' entries for the authorization matrix (spread into apps/server/test/authz-matrix.cases.ts).
 * Office roles read the topics, alerts, feeds and risk records of their jurisdiction; analysts and admins
 * act on them; duty officers acknowledge alerts; unit roles see nothing of it (lists 403, records 404).
 * "Inside" records lie in the callers' county, "outside" ones in the other county.
 */

const ANALYSTS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const WATCH: readonly Role[] = [...ANALYSTS, 'duty_officer'];
const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);
const URL_OF_NOWHERE = 'http://127.0.0.1:9/feed.xml';

const officeReads = (role: Role): Outcome => (isUnitRole(role) ? 'denied' : 'ok');
const readRecord = (role: Role, where: Where): Outcome =>
  where === 'outside' || isUnitRole(role) ? 'hidden' : 'ok';
const actsOnRecord =
  (allowed: readonly Role[]) =>
  (role: Role, where: Where): Outcome =>
    where === 'outside' || isUnitRole(role) ? 'hidden' : allowed.includes(role) ? 'ok' : 'denied';
/** Creating under a region: unit roles are refused outright, outside regions are not found. */
const createsIn = (role: Role, where: Where): Outcome =>
  isUnitRole(role) ? 'denied' : where === 'outside' ? 'hidden' : ANALYSTS.includes(role) ? 'ok' : 'denied';

let nextTopicId = 900_000;

async function freshTopic(f: MatrixFixtures, where: Where): Promise<number> {
  const { db } = f.ctx.services.database;
  const region = side(f, where).region;
  const id = ++nextTopicId;
  const at = f.ctx.clock.now().toISOString();
  await db
    .insertInto('topics')
    .values({
      id,
      title: `Topic ${f.uniq()}`,
      keywords: '["停水"]',
      state: 'active',
      item_count: 1,
      urgent_count: 0,
      source_count: 1,
      first_seen_at: at,
      last_seen_at: at,
      peak_count: 1,
      peak_bucket_at: at,
      merged_into: null,
      risk_level: null,
      alert_count: 0,
      first_alert_at: null,
      last_alert_at: null,
      first_response_at: null,
      region_id: region.id,
      region_path: region.path,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('topic_regions')
    .values({ topic_id: id, region_id: region.id, region_path: region.path, item_count: 1 })
    .execute();
  return id;
}

async function freshAlert(f: MatrixFixtures, where: Where): Promise<number> {
  const topicId = await freshTopic(f, where);
  const region = side(f, where).region;
  const at = f.ctx.clock.now().toISOString();
  const row = await f.ctx.services.database.db
    .insertInto('topic_alerts')
    .values({
      topic_id: topicId,
      kind: 'topic',
      region_id: region.id,
      region_path: region.path,
      place: null,
      fired_at: at,
      bucket_at: at,
      why: '{"count":20,"expected":1,"growth":20,"surprise":9}',
      title: 'Alert',
      keywords: '[]',
      acknowledged_at: null,
      acknowledged_by: null,
      acknowledged_by_name: null,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function freshFeed(f: MatrixFixtures, where: Where): Promise<number> {
  const region = side(f, where).region;
  const at = f.ctx.clock.now().toISOString();
  const row = await f.ctx.services.database.db
    .insertInto('topic_feeds')
    .values({
      region_id: region.id,
      region_path: region.path,
      name: `Feed ${f.uniq()}`,
      url: URL_OF_NOWHERE,
      enabled: 0,
      interval_minutes: 60,
      etag: null,
      last_modified: null,
      format: null,
      last_status: null,
      last_http_status: null,
      last_error: null,
      last_polled_at: null,
      last_success_at: null,
      last_item_count: null,
      items_total: 0,
      failures: 0,
      next_poll_at: null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const riskBody = (regionId: number, title: string) => ({
  title,
  regionId,
  checklist: RISK_CHECK_KEYS.map((key) => ({ key, result: 'low', note: '' })),
  overallRisk: 'low',
  conclusion: 'Low risk.',
  measures: 'Publish the explanation with the decision.',
});

async function freshRisk(f: MatrixFixtures, where: Where): Promise<number> {
  const created = await f.ctx.services.topics.risk.create(
    systemActor('/'),
    riskBody(side(f, where).region.id, `Decision ${f.uniq()}`) as Parameters<
      typeof f.ctx.services.topics.risk.create
    >[1],
  );
  return created.id;
}

const feedBody = (f: MatrixFixtures, where: Where) => ({
  name: `Feed ${f.uniq()}`,
  url: URL_OF_NOWHERE,
  regionId: side(f, where).region.id,
  intervalMinutes: 60,
  enabled: false,
});

function importForm(content: string) {
  const boundary = `----topics${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="items.ndjson"\r\nContent-Type: application/x-ndjson\r\n\r\n`,
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const topicsMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/topics/board': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/topics/board' }),
    expect: officeReads,
  },
  'GET /api/v1/topics': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/topics' }),
    expect: officeReads,
  },
  'GET /api/v1/topics/settings': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/topics/settings' }),
    expect: officeReads,
  },
  'PUT /api/v1/topics/settings': {
    scoped: false,
    prepare: async () => ({
      url: '/api/v1/topics/settings',
      payload: {
        bucketSeconds: 3600,
        sensitivity: 6,
        minCount: 12,
        minGrowth: 3,
        warmupBuckets: 24,
        coolingShare: 0.5,
        coldBuckets: 24,
        words: [],
      },
    }),
    // One pipeline serves the installation: only administrators of the root region change it, and every
    // matrix caller is rooted in a county.
    expect: () => 'denied',
  },
  'GET /api/v1/topics/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/topics/${await freshTopic(f, where)}` }),
    expect: readRecord,
  },
  'GET /api/v1/topics/:id/items': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/topics/${await freshTopic(f, where)}/items` }),
    expect: readRecord,
  },
  'POST /api/v1/topics/:id/assessments': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/topics/${await freshTopic(f, where)}/assessments`,
      payload: {
        riskLevel: 'IV',
        summary: 'Minor.',
        affectedRegionIds: [],
        affectedUnitIds: [],
        recommendedAction: 'Watch.',
      },
    }),
    expect: actsOnRecord(ANALYSTS),
  },
  'POST /api/v1/topics/:id/links': {
    scoped: true,
    prepare: async (f, where) => {
      const c = await f.ctx.services.intake.createFromPhone(systemActor('/'), {
        type: 'help',
        topic: 'matrix',
        regionId: f.home.region.id,
        title: `Call ${f.uniq()}`,
        content: 'Caller reports the outage.',
        publishable: false,
      });
      return {
        url: `/api/v1/topics/${await freshTopic(f, where)}/links`,
        payload: { kind: 'intake_case', targetId: c.id },
      };
    },
    expect: actsOnRecord(ANALYSTS),
  },
  'DELETE /api/v1/topics/:id/links/:linkId': {
    scoped: true,
    prepare: async (f, where) => {
      const topicId = await freshTopic(f, where);
      const link = await f.ctx.services.database.db
        .insertInto('topic_links')
        .values({
          topic_id: topicId,
          kind: 'notice',
          target_id: 1,
          created_by: 0,
          created_by_name: 'system',
          created_at: f.ctx.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/v1/topics/${topicId}/links/${link.id}` };
    },
    expect: actsOnRecord(ANALYSTS),
  },
  'POST /api/v1/topics/:id/responses': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/topics/${await freshTopic(f, where)}/responses`,
      payload: {
        kind: 'statement',
        channel: 'Official account',
        respondedAt: f.ctx.clock.now().toISOString(),
        summary: 'Water returns tonight.',
      },
    }),
    expect: actsOnRecord(ANALYSTS),
  },
  'GET /api/v1/topic-alerts': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/topic-alerts' }),
    expect: officeReads,
  },
  'POST /api/v1/topic-alerts/:id/acknowledge': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/topic-alerts/${await freshAlert(f, where)}/acknowledge` }),
    expect: actsOnRecord(WATCH),
  },

  'GET /api/v1/topic-feeds': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/topic-feeds' }),
    expect: officeReads,
  },
  'POST /api/v1/topic-feeds': {
    scoped: true,
    prepare: async (f, where) => ({ url: '/api/v1/topic-feeds', payload: feedBody(f, where) }),
    expect: createsIn,
  },
  'GET /api/v1/topic-feeds/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/topic-feeds/${await freshFeed(f, where)}` }),
    expect: readRecord,
  },
  'PUT /api/v1/topic-feeds/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/topic-feeds/${await freshFeed(f, where)}`,
      payload: feedBody(f, where),
    }),
    expect: actsOnRecord(ANALYSTS),
  },
  'DELETE /api/v1/topic-feeds/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/topic-feeds/${await freshFeed(f, where)}` }),
    expect: actsOnRecord(ANALYSTS),
  },
  'POST /api/v1/topic-feeds/:id/poll': {
    scoped: true,
    // Loopback is not allowed in the matrix: the poll ends at once as a refused address (recorded, 200).
    prepare: async (f, where) => ({ url: `/api/v1/topic-feeds/${await freshFeed(f, where)}/poll` }),
    expect: actsOnRecord(ANALYSTS),
  },

  'POST /api/v1/topic-import': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/topic-import',
      ...importForm(`{"id":"${f.uniq()}","text":"东湖街道停水","time":"2026-01-01T08:00:00Z"}\n`),
    }),
    expect: (role) => (ANALYSTS.includes(role) ? 'ok' : 'denied'),
  },
  'POST /api/v1/topic-import/:previewId/confirm': {
    scoped: false,
    prepare: async (f, _where, role) => {
      let previewId = '00000000-0000-4000-8000-000000000000';
      if (ANALYSTS.includes(role)) {
        const form = importForm(`{"id":"${f.uniq()}","text":"东湖街道停水","time":"2026-01-01T08:00:00Z"}\n`);
        const res = await f.ctx.app.inject({
          method: 'POST',
          url: '/api/v1/topic-import',
          payload: form.payload,
          headers: { ...form.headers, cookie: f.cookieOf(role) },
        });
        previewId = (res.json() as { previewId: string }).previewId;
      }
      return { url: `/api/v1/topic-import/${previewId}/confirm` };
    },
    expect: (role) => (ANALYSTS.includes(role) ? 'ok' : 'denied'),
  },

  'GET /api/v1/topic-risk-assessments/checklist': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/topic-risk-assessments/checklist' }),
    expect: () => 'ok',
  },
  'GET /api/v1/topic-risk-assessments': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/topic-risk-assessments' }),
    expect: officeReads,
  },
  'POST /api/v1/topic-risk-assessments': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/topic-risk-assessments',
      payload: riskBody(side(f, where).region.id, `Decision ${f.uniq()}`),
    }),
    expect: createsIn,
  },
  'GET /api/v1/topic-risk-assessments/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/topic-risk-assessments/${await freshRisk(f, where)}` }),
    expect: readRecord,
  },
  'PUT /api/v1/topic-risk-assessments/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/topic-risk-assessments/${await freshRisk(f, where)}`,
      payload: riskBody(side(f, where).region.id, `Decision ${f.uniq()}`),
    }),
    expect: actsOnRecord(ANALYSTS),
  },
  'DELETE /api/v1/topic-risk-assessments/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/topic-risk-assessments/${await freshRisk(f, where)}` }),
    expect: actsOnRecord(ANALYSTS),
  },
  'GET /api/v1/topic-risk-assessments/:id/export.xlsx': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/topic-risk-assessments/${await freshRisk(f, where)}/export.xlsx`,
    }),
    expect: readRecord,
  },
};
