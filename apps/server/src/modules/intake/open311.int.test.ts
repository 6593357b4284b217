import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import type { UserRow } from '../../platform/db/schema.ts';
import { solveChallenge } from './abuse-guard.ts';

/** A parsed XML element: strict (saxes rejects anything not well-formed), whitespace-free. */
interface El {
  name: string;
  text: string;
  children: El[];
}

function parseXml(xml: string): El {
  const parser = new SaxesParser();
  const stack: El[] = [];
  let root: El | null = null;
  parser.on('opentag', (tag) => {
    const el: El = { name: tag.name, text: '', children: [] };
    stack.at(-1)?.children.push(el);
    stack.push(el);
    root ??= el;
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

const child = (el: El, name: string) => el.children.find((c) => c.name === name);
const textOf = (el: El, name: string) => child(el, name)?.text ?? null;

/** GeoReport v2 fields of each response type (http://wiki.open311.org/GeoReport_v2). */
const SERVICE_FIELDS = [
  'service_code',
  'service_name',
  'description',
  'metadata',
  'type',
  'keywords',
  'group',
];
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe(`Open311 GeoReport v2 (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let analyst: UserRow;
  let ip = 0;
  const nextIp = () => `192.0.2.${++ip}`;

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
    analyst = await buildUser(ctx, { role: 'analyst', region: j.countyA });
  });
  afterAll(() => ctx.close());

  const get = (url: string, lang = 'en-US') =>
    ctx.app.inject({ method: 'GET', url, remoteAddress: nextIp(), headers: { 'accept-language': lang } });
  const post = (url: string, form: Record<string, string>, remoteAddress = nextIp(), headers = {}) =>
    ctx.app.inject({
      method: 'POST',
      url,
      remoteAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'en-US',
        ...headers,
      },
      payload: new URLSearchParams(form).toString(),
    });

  async function token(scopes: string[]): Promise<string> {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: await sessionCookie(ctx, analyst) },
      payload: { name: `open311 ${scopes.join(' ')}`, scopes, expiresInDays: 30 },
    });
    expect(res.statusCode).toBe(201);
    return res.json().token;
  }

  it('answers discovery in JSON and XML', async () => {
    const json = await get('/open311/v2/discovery.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toContain('application/json');
    const d = json.json();
    expect(d.changeset).toMatch(W3C_DATETIME);
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const xml = await get('/open311/v2/discovery.xml');
    expect(xml.headers['content-type']).toContain('text/xml');
    const root = parseXml(xml.body);
    expect(root.name).toBe('discovery');
    const endpoint = child(child(root, 'endpoints') as El, 'endpoint') as El;
    expect(textOf(endpoint, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(child(endpoint, 'formats')?.children.map((f) => [f.name, f.text])).toEqual([
      ['format', 'text/xml'],
      ['format', 'application/json'],
    ]);
  });

  it('lists services and their definitions in both formats, in the caller language', async () => {
    const json = (await get('/open311/v2/services.json')).json();
    expect(json.map((s: { service_code: string }) => s.service_code)).toEqual([
      'complaint',
      'help',
      'suggestion',
      'enquiry',
    ]);
    for (const s of json) expect(Object.keys(s).sort()).toEqual([...SERVICE_FIELDS].sort());
    expect(json[0]).toMatchObject({ service_name: 'Complaint', metadata: true, type: 'realtime' });
    expect((await get('/open311/v2/services.json', 'zh-CN')).json()[0].service_name).toBe('投诉');

    const xml = parseXml((await get('/open311/v2/services.xml')).body);
    expect(xml.name).toBe('services');
    expect(xml.children.every((c) => c.name === 'service')).toBe(true);
    expect(xml.children).toHaveLength(4);
    expect(textOf(xml.children[0] as El, 'metadata')).toBe('true');

    const def = (await get('/open311/v2/services/complaint.json')).json();
    expect(def.service_code).toBe('complaint');
    const region = def.attributes.find((a: { code: string }) => a.code === 'region');
    expect(region).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: false });
    expect(region.values).toContainEqual({ key: String(j.countyA.id), name: 'County A' });
    for (const a of def.attributes) {
      expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(
        a.datatype,
      );
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining([
          'variable',
          'code',
          'datatype',
          'required',
          'datatype_description',
          'order',
          'description',
        ]),
      );
    }
    const defXml = parseXml((await get('/open311/v2/services/complaint.xml')).body);
    expect(defXml.name).toBe('service_definition');
    const attrs = child(defXml, 'attributes') as El;
    expect(attrs.children.every((c) => c.name === 'attribute')).toBe(true);
    const regionXml = attrs.children.find((a) => textOf(a, 'code') === 'region') as El;
    expect(child(regionXml, 'values')?.children[0]?.name).toBe('value');
    expect(child(child(regionXml, 'values')?.children[0] as El, 'key')).toBeDefined();

    const missing = await get('/open311/v2/services/parking.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: 'service_code not found' }]);
    const missingXml = await get('/open311/v2/services/parking.xml');
    const errors = parseXml(missingXml.body);
    expect(errors.name).toBe('errors');
    expect(errors.children.map((e) => [e.name, textOf(e, 'code')])).toEqual([['error', '404']]);
  });

  it('takes an anonymous request, gives its id, token and query code, and shows it when publishable', async () => {
    const res = await post('/open311/v2/requests.json', {
      service_code: 'complaint',
      description: 'Street light at the east gate <broken> & dark since Monday',
      lat: '39.9042',
      long: '116.4074',
      address_string: 'East gate, No. 1 Middle School',
      first_name: 'Li',
      last_name: 'Lei',
      phone: '13800138000',
      email: 'li@example.cn',
      device_id: 'dev-1',
      account_id: 'acct-9',
      media_url: 'https://img.example/light.jpg',
      'attribute[region]': String(j.countyA.id),
      'attribute[topic]': 'street lights',
      'attribute[publishable]': 'true',
    });
    expect(res.statusCode).toBe(200);
    const [created] = res.json();
    expect(created.service_request_id).toMatch(/^\d+$/);
    expect(created.token).toBeTruthy();
    expect(created.account_id).toBe('acct-9');
    expect(created.service_notice).toMatch(/Query code [0-9A-Z]{12}/);

    // The citizen's own lookup works with the query code and the phone's last digits.
    const code = /Query code ([0-9A-Z]{12})/.exec(created.service_notice)?.[1];
    const lookup = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/public/cases/${code}?phoneLast4=8000`,
      remoteAddress: nextIp(),
    });
    expect(lookup.statusCode).toBe(200);

    const stored = await ctx.services.database.db
      .selectFrom('intake_cases')
      .selectAll()
      .where('id', '=', Number(created.service_request_id))
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      kind: 'message',
      channel: 'web',
      message_type: 'complaint',
      region_id: j.countyA.id,
    });
    expect(stored.topic).toBe('street lights');
    expect(stored.contact_name).toBe('Li Lei');

    const one = await get(`/open311/v2/requests/${created.service_request_id}.json`);
    expect(one.statusCode).toBe(200);
    const [request] = one.json();
    expect(Object.keys(request).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(request).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      service_code: 'complaint',
      lat: 39.9042,
      long: 116.4074,
      address: 'East gate, No. 1 Middle School',
      media_url: 'https://img.example/light.jpg',
      status_notes: null,
    });
    expect(request.requested_datetime).toMatch(W3C_DATETIME);
    expect(JSON.stringify(request)).not.toContain('13800138000');

    // XML: escaped, well-formed, one <request> per request.
    const xml = await get(`/open311/v2/requests/${created.service_request_id}.xml`);
    const root = parseXml(xml.body);
    expect(root.name).toBe('service_requests');
    expect(root.children.map((c) => c.name)).toEqual(['request']);
    expect(textOf(root.children[0] as El, 'description')).toContain('<broken> & dark');
    expect(xml.body).toContain('&lt;broken&gt; &amp; dark');

    const byToken = (await get(`/open311/v2/tokens/${created.token}.json`)).json();
    expect(byToken).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
    const tokenXml = parseXml((await get(`/open311/v2/tokens/${created.token}.xml`)).body);
    expect(tokenXml.name).toBe('service_requests');
    expect(textOf(tokenXml.children[0] as El, 'service_request_id')).toBe(created.service_request_id);
    expect((await get('/open311/v2/tokens/nope.json')).statusCode).toBe(404);

    const xmlPost = await post('/open311/v2/requests.xml', {
      service_code: 'enquiry',
      description: 'When does the library open?',
      address_id: String(j.countyB.id),
    });
    expect(xmlPost.statusCode).toBe(200);
    const created2 = parseXml(xmlPost.body);
    expect(created2.name).toBe('service_requests');
    const r2 = created2.children[0] as El;
    expect(r2.name).toBe('request');
    expect(textOf(r2, 'service_request_id')).toMatch(/^\d+$/);
    expect(textOf(r2, 'service_notice')).toMatch(/PIN \d{4}/);
    // Not publishable: not shown to anonymous clients.
    expect((await get(`/open311/v2/requests/${textOf(r2, 'service_request_id')}.json`)).statusCode).toBe(404);
  });

  it('answers bad requests in the spec error format, per problem', async () => {
    const none = await post('/open311/v2/requests.json', { description: 'x' });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toEqual([{ code: 400, description: 'service_code is required' }]);
    const unknown = await post('/open311/v2/requests.xml', {
      service_code: 'parking',
      description: 'x',
      lat: '1',
      long: '2',
    });
    expect(unknown.statusCode).toBe(404);
    expect(parseXml(unknown.body).name).toBe('errors');
    const bad = await post('/open311/v2/requests.json', {
      service_code: 'help',
      lat: '100',
      long: 'east',
      phone: 'call me',
    });
    expect(bad.statusCode).toBe(400);
    const descriptions = bad.json().map((e: { code: number; description: string }) => e.description);
    expect(bad.json().every((e: { code: number }) => e.code === 400)).toBe(true);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        'description is required',
        'lat and long must both be given as valid WGS84 coordinates',
        'phone may hold only digits, +, - and spaces',
      ]),
    );
    const noLocation = await post('/open311/v2/requests.json', { service_code: 'help', description: 'Help' });
    expect(noLocation.json()[0].description).toMatch(/location is required/);
    const format = await get('/open311/v2/services.csv');
    expect(format.statusCode).toBe(404);
    expect(format.json()[0].code).toBe(404);
    const badKey = await get('/open311/v2/requests.json?api_key=sw_nonsense');
    expect(badKey.statusCode).toBe(403);
    expect(badKey.json()).toEqual([{ code: 403, description: 'api_key is invalid' }]);
    const badDate = await get('/open311/v2/requests.json?start_date=yesterday');
    expect(badDate.statusCode).toBe(400);
  });

  it('filters requests by id, service, dates and status; an intake:read key sees its jurisdiction', async () => {
    const make = async (service: string, publishable: boolean, regionId = j.countyA.id) => {
      const res = await post('/open311/v2/requests.json', {
        service_code: service,
        description: `Filter case ${service} ${publishable}`,
        'attribute[region]': String(regionId),
        'attribute[publishable]': String(publishable),
      });
      expect(res.statusCode).toBe(200);
      return res.json()[0].service_request_id as string;
    };
    const a = await make('suggestion', true);
    const b = await make('help', true);
    const hidden = await make('help', false);
    const away = await make('help', false, j.countyB.id);
    // b is answered and closed, its reply not yet approved for publication.
    const answeredAt = new Date().toISOString();
    await ctx.services.database.db
      .updateTable('intake_cases')
      .set({ state: 'closed', reply: 'Fixed on Tuesday.', replied_at: answeredAt })
      .where('id', '=', Number(b))
      .execute();
    const unpublished = (await get(`/open311/v2/requests/${b}.json`)).json();
    expect(unpublished[0]).toMatchObject({ status: 'closed', status_notes: null });
    await ctx.services.database.db
      .updateTable('intake_cases')
      .set({ published_at: answeredAt, publish_approved: 1 })
      .where('id', '=', Number(b))
      .execute();

    const ids = (list: { service_request_id: string }[]) => list.map((r) => r.service_request_id);
    const all = (await get('/open311/v2/requests.json')).json();
    expect(ids(all)).toEqual(expect.arrayContaining([a, b]));
    expect(ids(all)).not.toContain(hidden);
    expect(ids((await get('/open311/v2/requests.json?service_code=help')).json())).toContain(b);
    expect(ids((await get('/open311/v2/requests.json?service_code=help')).json())).not.toContain(a);
    const closed = (await get('/open311/v2/requests.json?status=closed')).json();
    expect(ids(closed)).toEqual([b]);
    expect(closed[0].status_notes).toBe('Fixed on Tuesday.');
    expect(ids((await get('/open311/v2/requests.json?status=open')).json())).not.toContain(b);
    expect(
      ids((await get(`/open311/v2/requests.json?service_request_id=${a},${b}&status=open`)).json()).sort(),
    ).toEqual([a, b].sort());
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await get(`/open311/v2/requests.json?start_date=${future}`)).json()).toEqual([]);
    const past = encodeURIComponent('2020-01-01T00:00:00+08:00');
    expect((await get(`/open311/v2/requests.json?end_date=${past}`)).json()).toEqual([]);
    const listXml = parseXml((await get('/open311/v2/requests.xml?status=closed')).body);
    expect(listXml.name).toBe('service_requests');
    expect(listXml.children.map((c) => textOf(c, 'service_request_id'))).toEqual([b]);

    // A staff key (intake:read) sees non-publishable requests in its owner's county, not the other county's.
    const key = await token(['intake:read']);
    const staff = ids((await get(`/open311/v2/requests.json?api_key=${key}`)).json());
    expect(staff).toEqual(expect.arrayContaining([a, b, hidden]));
    expect(staff).not.toContain(away);
    expect((await get(`/open311/v2/requests/${hidden}.json?api_key=${key}`)).statusCode).toBe(200);
    expect((await get(`/open311/v2/requests/${away}.json?api_key=${key}`)).statusCode).toBe(404);
  });

  it('takes requests from an intake:write key as the API channel and refuses keys without the scope', async () => {
    const writer = await token(['intake:write']);
    const res = await post('/open311/v2/requests.json', {
      api_key: writer,
      service_code: 'help',
      description: 'Forwarded from the city app',
      address_id: String(j.countyA.id),
    });
    expect(res.statusCode).toBe(200);
    const row = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select(['channel', 'created_by'])
      .where('id', '=', Number(res.json()[0].service_request_id))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'api', created_by: analyst.id });
    // Outside the owner's jurisdiction: refused.
    const outside = await post('/open311/v2/requests.json', {
      api_key: writer,
      service_code: 'help',
      description: 'Other county',
      address_id: String(j.countyB.id),
    });
    expect(outside.statusCode).toBe(403);
    const reader = await token(['intake:read']);
    const noScope = await post('/open311/v2/requests.json', {
      api_key: reader,
      service_code: 'help',
      description: 'x',
      address_id: String(j.countyA.id),
    });
    expect(noScope.statusCode).toBe(403);
    expect(noScope.json()[0].description).toBe('api_key lacks the intake:write scope');
  });

  it('throttles an anonymous flood with the same challenge as the web page, in the spec error format', async () => {
    const flooder = '203.0.113.50';
    let challenged: { challenge: string; difficulty: number } | null = null;
    for (let i = 0; i < 8 && !challenged; i++) {
      const res = await post(
        '/open311/v2/requests.json',
        { service_code: 'help', description: `Flood ${i}`, address_id: String(j.countyA.id) },
        flooder,
      );
      if (res.statusCode === 429) {
        expect(res.json()[0].code).toBe(429);
        challenged = {
          challenge: String(res.headers['x-intake-challenge']),
          difficulty: Number(res.headers['x-intake-difficulty']),
        };
      }
    }
    if (!challenged) throw new Error('never challenged');
    const other = await post('/open311/v2/requests.json', {
      service_code: 'help',
      description: 'Another client',
      address_id: String(j.countyA.id),
    });
    expect(other.statusCode).toBe(200);
    const solved = await post(
      '/open311/v2/requests.json',
      { service_code: 'help', description: 'Solved', address_id: String(j.countyA.id) },
      flooder,
      {
        'x-intake-challenge': challenged.challenge,
        'x-intake-nonce': solveChallenge(challenged.challenge, challenged.difficulty),
      },
    );
    expect(solved.statusCode).toBe(200);
  });
});
