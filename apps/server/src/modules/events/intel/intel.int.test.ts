import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { multipart } from '../../assets/assets.test-support.ts';
import { type LocalServer, startHttpServer } from '../../monitoring/fetch/fetch.test-support.ts';
import type { SecurityEvent } from '../event-schema.ts';
import { createIntelService } from './intel.service.ts';

let ctx: TestContext;
let analyst: string;
let duty: string;
let unitUser: string;
let relogin: () => Promise<void>;
let server: LocalServer;
// What the local feed server answers, by path; a path not here answers 404.
const served = new Map<string, string>();

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const stixId = (n: number) => `indicator--${uuid(n)}`;

function bundle(
  indicators: { n: number; pattern: string; modified?: string; validUntil?: string; revoked?: boolean }[],
) {
  return {
    type: 'bundle',
    id: `bundle--${uuid(999)}`,
    objects: indicators.map((i) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: stixId(i.n),
      created: '2026-01-01T00:00:00Z',
      modified: i.modified ?? '2026-01-01T00:00:00Z',
      name: `Indicator ${i.n}`,
      pattern: i.pattern,
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
      ...(i.validUntil ? { valid_until: i.validUntil } : {}),
      ...(i.revoked ? { revoked: true } : {}),
      confidence: 90,
    })),
  };
}

function mispEvent(eventUuid: string, attrs: { n: number; type: string; value: string }[]) {
  return {
    Event: {
      uuid: eventUuid,
      info: `Event ${eventUuid.slice(-3)}`,
      threat_level_id: '2',
      timestamp: '1767225600',
      Attribute: attrs.map((a) => ({
        uuid: uuid(a.n),
        type: a.type,
        value: a.value,
        to_ids: true,
        timestamp: '1767225600',
      })),
    },
  };
}

function event(fields: Partial<SecurityEvent>): SecurityEvent {
  const at = ctx.clock.now().toISOString();
  return {
    '@timestamp': at,
    logsource: {},
    shouwang: { sourceId: 1, unitId: null, assetId: null, receivedAt: at },
    original: {},
    ...fields,
  };
}

async function call(
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return ctx.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function upload(feedId: number, fileName: string, content: Buffer | string) {
  const { payload, headers } = multipart(fileName, Buffer.isBuffer(content) ? content : Buffer.from(content));
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/events/intel/feeds/${feedId}/upload`,
    payload,
    headers: { ...headers, cookie: analyst },
  });
}

async function createFeed(body: Record<string, unknown>): Promise<number> {
  const res = await call(analyst, 'POST', '/api/v1/events/intel/feeds', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

beforeAll(async () => {
  ctx = await createTestContext({ SHOUWANG_MONITOR_ALLOWED_NETWORKS: '127.0.0.0/8' });
  const j = await buildJurisdiction(ctx);
  const users = {
    analyst: await buildUser(ctx, { role: 'analyst', region: j.city }),
    duty: await buildUser(ctx, { role: 'duty_officer', region: j.city }),
    unit: await buildUser(ctx, { role: 'unit_handler', region: j.countyA, unitId: j.unitA.id }),
  };
  // Sessions expire when the test clock jumps days ahead: sign in again then.
  relogin = async () => {
    analyst = await sessionCookie(ctx, users.analyst);
    duty = await sessionCookie(ctx, users.duty);
    unitUser = await sessionCookie(ctx, users.unit);
  };
  await relogin();
  server = await startHttpServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end('not here');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});

afterAll(async () => {
  await ctx?.services.intel.settle();
  await server?.close();
  await ctx?.close();
});

describe('STIX import through the API', () => {
  let feedId: number;

  it('imports a bundle, reports every item, and the detector matches the active indicators', async () => {
    feedId = await createFeed({ name: 'CERT STIX', kind: 'stix' });
    const res = await upload(
      feedId,
      'bundle.json',
      JSON.stringify(
        bundle([
          { n: 1, pattern: "[ipv4-addr:value = '198.51.100.0/24']" },
          { n: 2, pattern: "[domain-name:value = 'c2.example' OR url:value = 'http://drop.example/x']" },
          {
            n: 3,
            pattern:
              "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
          },
          { n: 4, pattern: "[process:name = 'evil.exe']" },
          { n: 5, pattern: "[ipv4-addr:value = '203.0.113.1'", modified: '2026-01-01T00:00:00Z' },
          { n: 6, pattern: "[ipv6-addr:value = '2001:db8::/32']", revoked: true },
        ]),
      ),
    );
    expect(res.statusCode, res.body).toBe(200);
    const { result, feed } = res.json();
    expect(result).toMatchObject({
      status: 'partial',
      read: 5,
      created: 5,
      updated: 0,
      unchanged: 0,
      notMatchable: 1,
      errorCount: 1,
    });
    expect(result.errors).toEqual([
      { item: `objects[4] ${stixId(5)}`, error: expect.stringMatching(/^pattern: expected "\]"/) },
    ]);
    expect(feed).toMatchObject({
      lastStatus: 'partial',
      indicators: 5,
      activeIndicators: 3,
      importState: null,
    });
    const asAnalyst = (await call(analyst, 'GET', '/api/v1/events/intel/feeds')).json();
    const asDuty = (await call(duty, 'GET', '/api/v1/events/intel/feeds')).json();
    expect(asAnalyst.abilities).toEqual({ create: true });
    expect(asDuty).toMatchObject({
      abilities: { create: false },
      items: [{ abilities: { edit: false, import: false } }],
    });

    await ctx.services.indicatorDetector.refresh();
    const d = ctx.services.indicatorDetector;
    expect(d.detect(event({ source: { ip: '198.51.100.200' } }))).toMatchObject([
      {
        kind: 'indicator',
        title: 'Indicator 1',
        level: 'high',
        matchedFields: { 'source.ip': '198.51.100.200' },
      },
    ]);
    expect(d.detect(event({ dns: { question: { name: 'www.c2.example' } } }))).toHaveLength(1);
    expect(
      d.detect(
        event({
          file: { hash: { sha256: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' } },
        }),
      ),
    ).toHaveLength(1);
    // Revoked and not-matchable indicators never match.
    expect(d.detect(event({ source: { ip: '2001:db8::1' } }))).toEqual([]);
    expect(d.detect(event({ source: { ip: '198.51.101.1' } }))).toEqual([]);
  });

  it('re-imports idempotently, and a newer version updates in place', async () => {
    const same = bundle([
      { n: 1, pattern: "[ipv4-addr:value = '198.51.100.0/24']" },
      { n: 2, pattern: "[domain-name:value = 'c2.example' OR url:value = 'http://drop.example/x']" },
    ]);
    const again = (await upload(feedId, 'bundle.json', JSON.stringify(same))).json();
    expect(again.result).toMatchObject({ status: 'ok', read: 2, created: 0, updated: 0, unchanged: 2 });
    const newer = bundle([
      { n: 1, pattern: "[ipv4-addr:value = '192.0.2.0/24']", modified: '2026-02-01T00:00:00Z' },
      { n: 2, pattern: "[domain-name:value = 'old.example']", modified: '2025-06-01T00:00:00Z' },
    ]);
    const updated = (await upload(feedId, 'bundle.json', JSON.stringify(newer))).json();
    expect(updated.result).toMatchObject({ created: 0, updated: 1, stale: 1 });
    expect(updated.feed.indicators).toBe(5);
    const list = (
      await call(duty, 'GET', `/api/v1/events/intel/indicators?feedId=${feedId}&q=192.0.2`)
    ).json();
    expect(list.items).toMatchObject([
      { externalId: stixId(1), value: '192.0.2.0/24', version: '2026-02-01T00:00:00.000Z' },
    ]);
    await ctx.services.indicatorDetector.refresh();
    expect(ctx.services.indicatorDetector.detect(event({ source: { ip: '198.51.100.1' } }))).toEqual([]);
    expect(ctx.services.indicatorDetector.detect(event({ destination: { ip: '192.0.2.9' } }))).toHaveLength(
      1,
    );
  });

  it('lists indicators with filters and paging, and shows one in detail', async () => {
    const byType = (await call(duty, 'GET', '/api/v1/events/intel/indicators?type=domain')).json();
    expect(byType.total).toBe(0); // indicator 2 is a domain OR url: mixed
    const mixed = (await call(duty, 'GET', '/api/v1/events/intel/indicators?type=mixed')).json();
    expect(mixed.items.map((i: { externalId: string }) => i.externalId)).toEqual([stixId(2)]);
    const unmatchable = (
      await call(duty, 'GET', '/api/v1/events/intel/indicators?status=unmatchable')
    ).json();
    expect(unmatchable.items).toMatchObject([
      { externalId: stixId(4), unmatchableReason: expect.stringMatching(/process:name is not supported/) },
    ]);
    const revoked = (await call(duty, 'GET', '/api/v1/events/intel/indicators?status=revoked')).json();
    expect(revoked.items).toMatchObject([{ externalId: stixId(6), status: 'revoked' }]);
    const page2 = (
      await call(duty, 'GET', `/api/v1/events/intel/indicators?feedId=${feedId}&pageSize=2&page=2`)
    ).json();
    expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.items).toHaveLength(2);
    const one = await call(duty, 'GET', `/api/v1/events/intel/indicators/${mixed.items[0].id}`);
    expect(one.json()).toMatchObject({
      pattern: "[domain-name:value = 'c2.example' OR url:value = 'http://drop.example/x']",
      clauses: [[{ kind: 'domain', value: 'c2.example' }], [{ kind: 'url', value: 'drop.example/x' }]],
      ruleKey: `ioc:${mixed.items[0].id}`,
      labels: [],
      confidence: 90,
    });
    expect(
      (await call(unitUser, 'GET', `/api/v1/events/intel/indicators/${mixed.items[0].id}`)).statusCode,
    ).toBe(404);
    expect((await call(unitUser, 'GET', '/api/v1/events/intel/indicators')).statusCode).toBe(403);
  });
});

describe('expiry', () => {
  it('expires indicators at valid_until or after the feed TTL, and they stop matching', async () => {
    const feedId = await createFeed({ name: 'Short-lived', kind: 'stix', defaultTtlDays: 30 });
    const now = ctx.clock.now();
    const soon = new Date(now.getTime() + 3_600_000).toISOString();
    const modified = new Date(now.getTime() - 20 * 86_400_000).toISOString();
    const res = await upload(
      feedId,
      'b.json',
      JSON.stringify(
        bundle([
          { n: 101, pattern: "[ipv4-addr:value = '203.0.113.50']", validUntil: soon, modified },
          { n: 102, pattern: "[ipv4-addr:value = '203.0.113.51']", modified },
        ]),
      ),
    );
    expect(res.json().result).toMatchObject({ created: 2 });
    await ctx.services.indicatorDetector.refresh();
    const d = ctx.services.indicatorDetector;
    expect(d.detect(event({ source: { ip: '203.0.113.50' } }))).toHaveLength(1);
    expect(d.detect(event({ source: { ip: '203.0.113.51' } }))).toHaveLength(1);

    ctx.clock.advance(2 * 3_600_000); // past valid_until of 101
    expect(d.detect(event({ source: { ip: '203.0.113.50' } }))).toEqual([]);
    expect(d.detect(event({ source: { ip: '203.0.113.51' } }))).toHaveLength(1);
    ctx.clock.advance(11 * 86_400_000); // past modified + 30 days of 102
    expect(d.detect(event({ source: { ip: '203.0.113.51' } }))).toEqual([]);
    await relogin();
    const expired = (
      await call(duty, 'GET', `/api/v1/events/intel/indicators?feedId=${feedId}&status=expired`)
    ).json();
    expect(expired.total).toBe(2);
    const feed = (await call(duty, 'GET', `/api/v1/events/intel/feeds/${feedId}`)).json();
    expect(feed).toMatchObject({ indicators: 2, activeIndicators: 0 });
    // A reload leaves expired indicators out of the matcher altogether.
    await ctx.services.indicatorDetector.refresh(true);
    expect(d.detect(event({ source: { ip: '203.0.113.51' } }))).toEqual([]);
  });
});

describe('MISP and CSV feeds', () => {
  it('imports a MISP feed ZIP (manifest and events) and reports a missing event', async () => {
    const feedId = await createFeed({ name: 'MISP upload', kind: 'misp' });
    const e1 = uuid(201);
    const e2 = uuid(202);
    const zip = new JSZip();
    zip.file('feed/manifest.json', JSON.stringify({ [e1]: { timestamp: '1' }, [e2]: { timestamp: '2' } }));
    zip.file(
      `feed/${e1}.json`,
      JSON.stringify(
        mispEvent(e1, [
          { n: 211, type: 'ip-dst', value: '192.0.2.77' },
          { n: 212, type: 'hostname', value: 'evil.misp.example' },
          { n: 213, type: 'ip-dst', value: 'nonsense' },
        ]),
      ),
    );
    const res = await upload(
      feedId,
      'feed.zip',
      await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
    );
    const { result } = res.json();
    expect(result).toMatchObject({ status: 'partial', created: 2, errorCount: 2 });
    expect(result.errors).toEqual([
      { item: `${e2}.json`, error: 'listed in manifest.json but not in the archive' },
      {
        item: `${e1}.json: event ${e1} Attribute[2]`,
        error: 'ip-dst "nonsense": "nonsense" is not an IPv4 or IPv6 address',
      },
    ]);
    await ctx.services.indicatorDetector.refresh();
    expect(
      ctx.services.indicatorDetector.detect(event({ tls: { client: { server_name: 'evil.misp.example' } } })),
    ).toMatchObject([{ title: 'Event 201', level: 'medium' }]);
    // A damaged archive is one clear error, and nothing is stored.
    const broken = await upload(
      feedId,
      'feed.zip',
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(50)]),
    );
    expect(broken.json().result).toMatchObject({
      status: 'failed',
      read: 0,
      errors: [{ item: 'feed.zip', error: expect.stringMatching(/not a ZIP archive/) }],
    });
  });

  it('imports a MISP feed by URL through the SSRF guard, with progress and the result on the feed', async () => {
    const e1 = uuid(301);
    const e2 = uuid(302);
    served.set('/misp/manifest.json', JSON.stringify({ [e1]: { timestamp: '5' }, [e2]: { timestamp: '9' } }));
    served.set(
      `/misp/${e1}.json`,
      JSON.stringify(mispEvent(e1, [{ n: 311, type: 'domain', value: 'url.misp.example' }])),
    );
    const feedId = await createFeed({
      name: 'MISP by URL',
      kind: 'misp',
      url: `${server.url}/misp/`,
      refreshMinutes: 60,
    });
    const queued = await call(analyst, 'POST', `/api/v1/events/intel/feeds/${feedId}/import`);
    expect(queued.statusCode, queued.body).toBe(200);
    expect(queued.json()).toMatchObject({ importState: 'queued' });
    const again = await call(analyst, 'POST', `/api/v1/events/intel/feeds/${feedId}/import`);
    expect(again.json().error.code).toBe('intel_import_running');
    await ctx.services.intel.settle();
    const feed = (await call(duty, 'GET', `/api/v1/events/intel/feeds/${feedId}`)).json();
    expect(feed).toMatchObject({ importState: null, lastStatus: 'partial', indicators: 1, progress: null });
    expect(feed.lastResult.errors).toEqual([{ item: `${e2}.json`, error: 'HTTP 404' }]);
    expect(feed.nextRunAt > ctx.clock.now().toISOString()).toBe(true);
    // A private address outside the allowance is refused by the SSRF guard, as one clear error.
    const refused = await ctx.services.intel.runImport(
      await createFeed({ name: 'Elsewhere', kind: 'csv', url: 'http://10.255.255.1:9/x.csv' }),
    );
    expect(refused).toMatchObject({
      status: 'failed',
      errors: [{ error: expect.stringMatching(/^forbidden_address: /) }],
    });
  });

  it('imports CSV lists idempotently and refuses bad feed settings', async () => {
    const feedId = await createFeed({ name: 'Blocklist', kind: 'csv' });
    const first = (
      await upload(feedId, 'list.csv', '# bad hosts\n10.9.0.0/16\nbad.csv.example\n10.9.0.0/16\n')
    ).json();
    expect(first.result).toMatchObject({ status: 'ok', read: 2, created: 2 });
    const second = (await upload(feedId, 'list.csv', '10.9.0.0/16\nbad.csv.example\n')).json();
    expect(second.result).toMatchObject({ created: 0, unchanged: 2 });
    // A list larger than one batch (stored in several transactions, two at a time on PostgreSQL).
    const big = Array.from(
      { length: 2500 },
      (_, i) => `10.${200 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
    ).join('\n');
    const bigFirst = (await upload(feedId, 'big.csv', big)).json();
    expect(bigFirst.result).toMatchObject({ status: 'ok', read: 2500, created: 2500, unchanged: 0 });
    const bigAgain = (await upload(feedId, 'big.csv', big)).json();
    expect(bigAgain.result).toMatchObject({ read: 2500, created: 0, updated: 0, unchanged: 2500 });
    expect(bigAgain.feed.indicators).toBe(2502);
    const bad = await call(analyst, 'POST', '/api/v1/events/intel/feeds', {
      name: 'X',
      kind: 'csv',
      url: 'ftp://x.example/',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('intel_feed_invalid');
    const dup = await call(analyst, 'POST', '/api/v1/events/intel/feeds', { name: 'Blocklist', kind: 'csv' });
    expect(dup.statusCode).toBe(409);
    const noUrl = await call(analyst, 'POST', `/api/v1/events/intel/feeds/${feedId}/import`);
    expect(noUrl.json().error.code).toBe('intel_feed_invalid');
    expect(
      (await call(duty, 'PATCH', `/api/v1/events/intel/feeds/${feedId}`, { enabled: false })).statusCode,
    ).toBe(403);
  });

  it('disabling or deleting a feed takes its indicators out of the matcher, audited', async () => {
    const feedId = await createFeed({ name: 'Temporary', kind: 'csv' });
    await upload(feedId, 'l.csv', 'temp.example\n');
    await ctx.services.indicatorDetector.refresh();
    const seen = () =>
      ctx.services.indicatorDetector.detect(event({ dns: { question: { name: 'temp.example' } } })).length;
    expect(seen()).toBe(1);
    await call(analyst, 'PATCH', `/api/v1/events/intel/feeds/${feedId}`, { enabled: false });
    await ctx.services.indicatorDetector.refresh();
    expect(seen()).toBe(0);
    await call(analyst, 'PATCH', `/api/v1/events/intel/feeds/${feedId}`, { enabled: true });
    await ctx.services.indicatorDetector.refresh();
    expect(seen()).toBe(1);
    expect((await call(analyst, 'DELETE', `/api/v1/events/intel/feeds/${feedId}`)).statusCode).toBe(204);
    await ctx.services.indicatorDetector.refresh();
    expect(seen()).toBe(0);
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_type', '=', 'intel_feed')
      .where('resource_id', '=', String(feedId))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'intel.feed.create',
      'intel.feed.import',
      'intel.feed.update',
      'intel.feed.update',
      'intel.feed.delete',
    ]);
  });

  it('the scheduler tick queues due URL feeds once, and again after their interval', async () => {
    served.set('/hourly.csv', '198.18.0.0/15\n');
    const queued: number[] = [];
    const intel = createIntelService({
      db: ctx.services.database.db,
      now: () => ctx.clock.now(),
      fetchOptions: { allowedNetworks: ['127.0.0.0/8'] },
      enqueueImport: async (feedId) => {
        queued.push(feedId);
      },
    });
    const feedId = await createFeed({
      name: 'Hourly',
      kind: 'csv',
      url: `${server.url}/hourly.csv`,
      refreshMinutes: 60,
    });
    await intel.tick();
    expect(queued).toContain(feedId);
    await intel.tick(); // queued already: not again
    expect(queued.filter((id) => id === feedId)).toHaveLength(1);
    const result = await intel.runImport(feedId);
    expect(result).toMatchObject({ status: 'ok', created: 1 });
    await intel.tick(); // imported just now: not due
    expect(queued.filter((id) => id === feedId)).toHaveLength(1);
    ctx.clock.advance(61 * 60_000);
    await intel.tick();
    expect(queued.filter((id) => id === feedId)).toHaveLength(2);
  });
});
