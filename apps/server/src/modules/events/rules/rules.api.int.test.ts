import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import { multipart } from '../../assets/assets.test-support.ts';
import { caller, type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { webEvent } from '../alerts/alerts.test-support.ts';
import { createParser } from '../parsers/index.ts';
import { zipOf } from './rules.test-support.ts';

let ctx: TestContext;
let w: NoticeWorld;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
  call = caller(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const rule = (id: string, title: string, detection: string, level = 'high') => `title: ${title}
id: ${id}
level: ${level}
logsource:
    category: webserver
detection:
${detection}
`;

const WEBSHELL = rule(
  '0b7e0000-0000-4000-8000-000000000001',
  'Web shell command parameter',
  `    selection:
        url.query|contains: 'cmd=whoami'
    condition: selection`,
);
const BAD_MODIFIER = rule(
  '0b7e0000-0000-4000-8000-000000000002',
  'Uses a modifier that does not exist',
  `    selection:
        url.path|sparkles: '/x'
    condition: selection`,
);

const upload = (cookie: string, name: string, content: Buffer) => {
  const { payload, headers } = multipart(name, content);
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/events/rules/upload',
    payload,
    headers: { ...headers, cookie },
  });
};

describe('the rules store', () => {
  it('installs the starter pack once, every rule loaded and enabled', async () => {
    const installed = await ctx.services.rules.ensureStarterPack(systemActor('/', 'test'));
    expect(installed).toBe(12);
    expect(await ctx.services.rules.ensureStarterPack(systemActor('/', 'test'))).toBe(0);
    const res = await call(w.analyst.cookie, 'GET', '/api/v1/events/rules?origin=starter&pageSize=50');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(12);
    expect(
      res.json().items.every((r: { status: string; enabled: boolean }) => r.status === 'loaded' && r.enabled),
    ).toBe(true);
    expect(res.json().counts).toMatchObject({ total: 12, loaded: 12, unsupported: 0 });
  });

  it('uploads a ZIP: each file reported, a bad rule stored with the engine’s reason, broken YAML rejected', async () => {
    const zip = zipOf([
      { name: 'web/webshell.yml', text: WEBSHELL },
      { name: 'web/bad.yaml', text: BAD_MODIFIER },
      { name: 'broken.yml', text: 'title: [unclosed' },
      { name: 'README.md', text: '# not a rule' },
    ]);
    const res = await upload(w.analyst.cookie, 'rules.zip', zip);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 2, rejected: 1, unsupported: 1 });
    const byName = Object.fromEntries(body.files.map((f: { fileName: string }) => [f.fileName, f]));
    expect(byName['web/webshell.yml']).toMatchObject({ outcome: 'created', status: 'loaded', problems: [] });
    expect(byName['web/bad.yaml']).toMatchObject({ outcome: 'created', status: 'unsupported' });
    expect(byName['web/bad.yaml'].problems[0].reason).toMatch(/sparkles/);
    expect(byName['broken.yml'].outcome).toBe('rejected');
    expect(byName['broken.yml'].problems[0].reason).toMatch(/YAML/);
    expect(byName['README.md']).toBeUndefined();

    const again = await upload(w.analyst.cookie, 'webshell.yml', Buffer.from(WEBSHELL));
    expect(again.json()).toMatchObject({ unchanged: 1, created: 0 });
    const denied = await upload(w.auditor.cookie, 'webshell.yml', Buffer.from(WEBSHELL));
    expect(denied.statusCode).toBe(403);
    const notZip = await upload(
      w.analyst.cookie,
      'x.zip',
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(10)]),
    );
    expect(notZip.statusCode).toBe(422);
    expect(notZip.json().error.code).toBe('rule_invalid');
  });

  it('stores rules whose file names and levels are longer than their columns', async () => {
    const name = `${'deep/'.repeat(70)}rule.yml`;
    const yaml = rule(
      '0b7e0000-0000-4000-8000-0000000000c1',
      'Odd level',
      "    sel: { url.path: '/odd' }\n    condition: sel",
      'extraordinarily-severe',
    );
    const res = await upload(w.analyst.cookie, 'odd.zip', zipOf([{ name, text: yaml }]));
    expect(res.statusCode, res.body).toBe(200);
    const file = res.json().files[0];
    expect(file).toMatchObject({ outcome: 'created', status: 'loaded' });
    const stored = await call(w.analyst.cookie, 'GET', `/api/v1/events/rules/${file.ruleId}`);
    expect(stored.json().fileName).toHaveLength(300);
    expect(stored.json().fileName.endsWith('/rule.yml')).toBe(true);
    expect(stored.json().level).toBe('extraordinarily-');
  });

  it('stores a pasted rule the engine cannot load with its reason, and refuses text with no rule', async () => {
    const bad = BAD_MODIFIER.replace('000000000002', '000000000003');
    const res = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules', { yaml: bad });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'unsupported', origin: 'ui', enabled: true });
    expect(res.json().problems[0].reason).toMatch(/sparkles/);
    const none = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules', { yaml: 'just: text' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('rule_invalid');
    const dup = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules', { yaml: bad });
    expect(dup.statusCode).toBe(409);
    const unit = await call(w.handler.cookie, 'GET', `/api/v1/events/rules/${res.json().id}`);
    expect(unit.statusCode).toBe(404);
  });

  it('tests a pasted event against one rule or all enabled ones, naming the matched fields', async () => {
    const event = {
      logsource: { category: 'webserver' },
      url: { path: '/upload/a.php', query: 'cmd=whoami' },
    };
    const one = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules/test', { yaml: WEBSHELL, event });
    expect(one.statusCode).toBe(200);
    expect(one.json().matches).toEqual([
      {
        ruleKey: '0b7e0000-0000-4000-8000-000000000001',
        title: 'Web shell command parameter',
        level: 'high',
        matchedFields: { 'url.query': 'cmd=whoami' },
      },
    ]);
    const all = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules/test', {
      event: { ...event, url: { path: '/', query: "id=1' or '1'='1" } },
    });
    const titles = all.json().matches.map((m: { title: string }) => m.title);
    expect(titles).toContain('SQL Injection Attempt in the URL');
    expect(all.json().rulesTested).toBeGreaterThan(10);
    const bad = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules/test', {
      yaml: BAD_MODIFIER,
      event,
    });
    expect(bad.json().matches).toEqual([]);
    expect(bad.json().unsupported[0].reason).toMatch(/sparkles/);
  });

  it('disabling a rule stops its detections, enabling brings them back', async () => {
    const detector = ctx.services.sigmaDetector;
    await detector.refresh();
    const event = webEvent({ unitId: w.unitA.id }, { url: { path: '/a.php', query: 'cmd=whoami' } });
    const titles = () => detector.detect(event).map((d) => d.title);
    expect(titles()).toContain('Web shell command parameter');
    const d = detector.detect(event).find((x) => x.title === 'Web shell command parameter');
    expect(d).toMatchObject({ kind: 'sigma', level: 'high', matchedFields: { 'url.query': 'cmd=whoami' } });

    const list = await call(w.analyst.cookie, 'GET', '/api/v1/events/rules?q=web%20shell%20command');
    const row = list.json().items.find((r: { title: string }) => r.title === 'Web shell command parameter');
    const off = await call(w.analyst.cookie, 'PUT', `/api/v1/events/rules/${row.id}`, {
      enabled: false,
      version: row.version,
    });
    expect(off.statusCode).toBe(200);
    expect(titles()).not.toContain('Web shell command parameter');
    const stale = await call(w.analyst.cookie, 'PUT', `/api/v1/events/rules/${row.id}`, {
      enabled: true,
      version: row.version,
    });
    expect(stale.statusCode).toBe(409);
    await call(w.analyst.cookie, 'PUT', `/api/v1/events/rules/${row.id}`, {
      enabled: true,
      version: off.json().version,
    });
    expect(titles()).toContain('Web shell command parameter');
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_type', '=', 'sigma_rule')
      .where('resource_id', '=', String(row.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'sigma_rule.create',
      'sigma_rule.toggle',
      'sigma_rule.toggle',
    ]);
  });

  it("matches parsed events by the DNS mapping and by the source's own field names", async () => {
    const dnsRule = `title: Lookup of a known C2 domain
id: 0b7e0000-0000-4000-8000-0000000000d1
level: high
logsource:
    category: dns
detection:
    selection:
        query|endswith: '.c2.example'
    condition: selection
`;
    const fortiRule = `title: FortiGate admin account added
id: 0b7e0000-0000-4000-8000-0000000000f1
level: high
logsource:
    product: fortigate
detection:
    selection:
        cfgpath: 'system.admin'
        action: 'Add'
    condition: selection
`;
    for (const yaml of [dnsRule, fortiRule]) {
      const res = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules', { yaml });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().status).toBe('loaded');
    }
    const detector = ctx.services.sigmaDetector;
    await detector.refresh();
    const origin = { sourceId: 1, unitId: w.unitA.id, assetId: null, receivedAt: '2026-11-22T01:00:01.000Z' };
    const parse = (kind: Parameters<typeof createParser>[0], record: string) => {
      const r = createParser(kind, { timezone: 'Asia/Shanghai' }).parse(record);
      if (!r.ok) throw new Error(r.error);
      return { ...r.event, shouwang: origin };
    };
    const dns = parse(
      'suricata_eve',
      JSON.stringify({
        timestamp: '2026-11-22T09:00:00.000+0800',
        event_type: 'dns',
        src_ip: '10.0.0.5',
        src_port: 53000,
        dest_ip: '10.0.0.1',
        dest_port: 53,
        proto: 'UDP',
        dns: { type: 'query', rrname: 'beacon.c2.example', rrtype: 'A' },
      }),
    );
    expect(detector.detect(dns).map((d) => d.title)).toContain('Lookup of a known C2 domain');
    const forti = parse(
      'syslog',
      '<189>date=2026-11-22 time=09:00:00 devname="FG100" logid="0100044547" type="event" subtype="system" ' +
        'level="information" user="admin" ui="GUI(10.0.0.9)" action="Add" cfgpath="system.admin" cfgobj="backdoor"',
    );
    expect(detector.detect(forti).map((d) => d.title)).toContain('FortiGate admin account added');
  });

  it('reports correlations as sigma_correlation detections grouped by their fields', async () => {
    const detector = ctx.services.sigmaDetector;
    const fail = (i: number) =>
      webEvent(
        { unitId: w.unitA.id },
        {
          '@timestamp': new Date(Date.UTC(2026, 10, 22, 2, 0, i)).toISOString(),
          source: { ip: '198.51.100.50' },
          url: { path: '/admin/login', query: '' },
          http: { request: { method: 'POST' }, response: { status_code: 401 } },
        },
      );
    const found = Array.from({ length: 10 }, (_, i) => detector.detect(fail(i))).flat();
    const corr = found.filter((d) => d.kind === 'sigma_correlation');
    expect(corr).toHaveLength(1);
    expect(corr[0]).toMatchObject({
      title: 'Brute Force on an Administration Page',
      level: 'high',
      matchedFields: { 'source.ip': '198.51.100.50' },
    });
  });

  it('reports a correlation judged when its window closes (flush) for the unit whose events fed it', async () => {
    const yaml = `title: Health check from a monitor
id: 0b7e0000-0000-4000-8000-0000000000a1
name: health_check
logsource:
    category: webserver
detection:
    selection:
        url.path: '/healthz'
    condition: selection
level: informational
---
title: Monitor went quiet
id: 0b7e0000-0000-4000-8000-0000000000a2
correlation:
    type: event_count
    rules:
        - health_check
    group-by:
        - source.ip
    timespan: 1m
    condition:
        lt: 3
level: medium
`;
    const created = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules', { yaml });
    expect(created.json()).toMatchObject({ status: 'loaded', ruleCount: 1, correlationCount: 1 });
    const detector = ctx.services.sigmaDetector;
    const event = webEvent(
      { unitId: w.unitB.id, sourceId: 42 },
      { '@timestamp': '2026-11-22T05:00:00.000Z', source: { ip: '192.0.2.99' }, url: { path: '/healthz' } },
    );
    expect(detector.detect(event).filter((d) => d.kind === 'sigma_correlation')).toEqual([]);
    const closed = detector.flush?.(new Date('2026-11-22T05:02:00.000Z')) ?? [];
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      kind: 'sigma_correlation',
      ruleKey: '0b7e0000-0000-4000-8000-0000000000a2',
      matchedFields: { 'source.ip': '192.0.2.99' },
    });
    expect(closed[0]?.event.shouwang).toMatchObject({ unitId: w.unitB.id, sourceId: 42 });
  });

  it('judges a correlation with the rules stored in other rows, and again when they arrive', async () => {
    const correlation = `title: Many uploads from one address
id: 0b7e0000-0000-4000-8000-0000000000b2
correlation:
    type: event_count
    rules:
        - upload_request
    group-by:
        - source.ip
    timespan: 5m
    condition:
        gte: 3
level: high
`;
    const base = `title: Upload request
id: 0b7e0000-0000-4000-8000-0000000000b1
name: upload_request
logsource:
    category: webserver
detection:
    selection:
        url.path|contains: '/upload'
    condition: selection
level: low
`;
    const first = await upload(w.analyst.cookie, 'uploads-correlation.yml', Buffer.from(correlation));
    expect(first.json().files[0]).toMatchObject({ outcome: 'created', status: 'unsupported' });
    expect(first.json().files[0].problems[0].reason).toMatch(
      /references rules that are not loaded: upload_request/,
    );
    const rowId = first.json().files[0].ruleId;
    await upload(w.analyst.cookie, 'upload-request.yml', Buffer.from(base));
    const after = await call(w.analyst.cookie, 'GET', `/api/v1/events/rules/${rowId}`);
    expect(after.json()).toMatchObject({ status: 'loaded', problems: [], correlationCount: 1 });
    const detector = ctx.services.sigmaDetector;
    const hit = (i: number) =>
      detector.detect(
        webEvent(
          { unitId: w.unitA.id },
          {
            '@timestamp': `2026-11-22T06:00:0${i}.000Z`,
            source: { ip: '192.0.2.150' },
            url: { path: '/upload/x' },
          },
        ),
      );
    const found = [hit(1), hit(2), hit(3)].flat().filter((d) => d.kind === 'sigma_correlation');
    expect(found.map((d) => d.title)).toEqual(['Many uploads from one address']);
  });

  it('re-judges rules when a placeholder gets a value in the settings', async () => {
    const yaml = rule(
      '0b7e0000-0000-4000-8000-000000000009',
      'Admin account from outside',
      `    selection:
        user.name|expand: '%admins%'
    condition: selection`,
    );
    const created = await call(w.analyst.cookie, 'POST', '/api/v1/events/rules', { yaml });
    expect(created.json().status).toBe('unsupported');
    const settings = await call(w.analyst.cookie, 'GET', '/api/v1/events/detection-settings');
    expect(settings.json()).toMatchObject({ alertWindowMinutes: 15, findingMinLevel: 'high' });
    const { abilities: _a, ...body } = settings.json();
    const put = await call(w.analyst.cookie, 'PUT', '/api/v1/events/detection-settings', {
      ...body,
      placeholders: { admins: ['root', 'admin'] },
      alertWindowMinutes: 30,
    });
    expect(put.statusCode, put.body).toBe(200);
    const after = await call(w.analyst.cookie, 'GET', `/api/v1/events/rules/${created.json().id}`);
    expect(after.json()).toMatchObject({ status: 'loaded', problems: [] });
    const event = webEvent({ unitId: w.unitA.id }, { user: { name: 'root' } });
    expect(ctx.services.sigmaDetector.detect(event).map((d) => d.title)).toContain(
      'Admin account from outside',
    );
    const auditorPut = await call(w.auditor.cookie, 'PUT', '/api/v1/events/detection-settings', body);
    expect(auditorPut.statusCode).toBe(403);
  });
});
