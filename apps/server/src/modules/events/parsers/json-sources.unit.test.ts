import { describe, expect, it } from 'vitest';
import { createParser } from './create-parser.ts';
import {
  EVTX_DUMP_SYSMON_1,
  NXLOG_SECURITY_4688,
  SURICATA_ALERT,
  SURICATA_ANOMALY,
  SURICATA_DNS,
  SURICATA_FILEINFO,
  SURICATA_FLOW,
  SURICATA_HTTP,
  SURICATA_TLS,
  WAZUH_SSHD,
  WAZUH_WINDOWS,
  WINLOGBEAT_SYSMON_1,
  XMLTODICT_SECURITY_4625,
} from './parser-samples.ts';

const RECEIVED = new Date('2026-11-21T02:00:00Z');
const opts = { now: () => RECEIVED };

function parseWith(kind: Parameters<typeof createParser>[0], value: unknown) {
  const r = createParser(kind, opts).parse(typeof value === 'string' ? value : JSON.stringify(value));
  if (!r.ok) throw new Error(r.error);
  return r.event;
}
function errorOf(kind: Parameters<typeof createParser>[0], text: string): string {
  const r = createParser(kind, opts).parse(text);
  return r.ok ? 'ok' : r.error;
}

describe('Suricata EVE', () => {
  it('maps an alert with its HTTP context', () => {
    const e = parseWith('suricata_eve', SURICATA_ALERT);
    expect(e).toMatchObject({
      '@timestamp': '2026-11-21T02:00:00.123Z',
      logsource: { product: 'suricata', service: 'alert' },
      event: { kind: 'alert', dataset: 'suricata.alert', action: 'allowed', severity: 80 },
      rule: { id: '2006446', name: 'ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT' },
      source: { ip: '203.0.113.9', port: 51515 },
      destination: { ip: '10.10.1.20', port: 80 },
      url: {
        path: '/news/list.php',
        query: "id=1'%20union%20select%201,2,3--",
        domain: 'www.example.gov.cn',
      },
      http: { request: { method: 'GET' }, response: { status_code: 200, bytes: 5120 } },
      user_agent: { original: 'sqlmap/1.7.2#stable (https://sqlmap.org)' },
    });
    expect(e.original).toEqual(SURICATA_ALERT);
  });

  it('routes http records to web server rules and dns records to DNS rules', () => {
    const http = parseWith('suricata_eve', SURICATA_HTTP);
    expect(http.logsource).toEqual({ product: 'suricata', category: 'webserver', service: 'http' });
    expect(http.http?.request?.referrer).toBe('http://www.example.gov.cn/');
    const dns = parseWith('suricata_eve', SURICATA_DNS);
    expect(dns.logsource).toEqual({ product: 'suricata', category: 'dns', service: 'dns' });
    expect(dns.dns).toEqual({ question: { name: 'update.example-c2.top' } });
    // EVE v1/v2 DNS put rrname on the dns object itself.
    const v2 = parseWith('suricata_eve', {
      ...SURICATA_DNS,
      dns: { type: 'query', rrname: 'a.example', rrtype: 'A' },
    });
    expect(v2.dns?.question?.name).toBe('a.example');
  });

  it('maps tls, fileinfo, anomaly and flow, and keeps unknown event types generically', () => {
    expect(parseWith('suricata_eve', SURICATA_TLS).tls).toEqual({
      client: { server_name: 'portal.example.gov.cn' },
      server: { hash: { sha1: '9E393D93138888D288266C2D915214D1D1CCEB2A' } },
    });
    expect(parseWith('suricata_eve', SURICATA_FILEINFO).file).toEqual({
      name: '/payload.exe',
      hash: {
        md5: '44d88612fea8a8f36de82e1278abb02f',
        sha256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
      },
    });
    expect(parseWith('suricata_eve', SURICATA_ANOMALY).event).toMatchObject({
      kind: 'alert',
      code: 'stream',
      action: 'stream.pkt_invalid_timestamp',
    });
    expect(parseWith('suricata_eve', SURICATA_FLOW).event).toMatchObject({
      action: 'closed',
      outcome: 'timeout',
    });
    const ssh = parseWith('suricata_eve', {
      timestamp: '2026-11-21T10:00:00+0800',
      event_type: 'ssh',
      src_ip: '1.2.3.4',
      ssh: { client: { software_version: 'libssh' } },
    });
    expect(ssh.logsource).toEqual({ product: 'suricata', service: 'ssh' });
    expect(ssh.source?.ip).toBe('1.2.3.4');
    expect(ssh.original.ssh).toEqual({ client: { software_version: 'libssh' } });
  });

  it('ignores values of the wrong type instead of copying them', () => {
    const e = parseWith('suricata_eve', {
      event_type: 'alert',
      src_ip: 'bogus',
      src_port: 99999,
      alert: { signature_id: { x: 1 }, severity: 'high' },
    });
    expect(e.source).toBeUndefined();
    expect(e.rule).toBeUndefined();
    expect(e['@timestamp']).toBe(RECEIVED.toISOString());
  });

  it('reports records that are not EVE', () => {
    expect(errorOf('suricata_eve', '{"a":1}')).toBe('not a Suricata EVE record: no event_type');
    expect(errorOf('suricata_eve', '{"event_type":"alert","timestamp":"yesterday"}')).toMatch(
      /invalid Suricata timestamp/,
    );
    expect(errorOf('suricata_eve', '{"event_type":"alert",')).toMatch(/^invalid JSON/);
  });
});

describe('Wazuh alerts', () => {
  it('maps a Linux alert: rule, agent, decoded data, and routes sshd like syslog', () => {
    const e = parseWith('wazuh_alerts', WAZUH_SSHD);
    expect(e).toMatchObject({
      '@timestamp': '2026-11-21T02:00:00.123Z',
      logsource: { product: 'linux', service: 'sshd' },
      event: {
        kind: 'alert',
        severity: 33,
        code: '5716',
        category: ['syslog', 'sshd', 'authentication_failed'],
      },
      rule: { id: '5716', name: 'sshd: authentication failed.' },
      host: { name: 'web01', ip: ['10.10.1.20'] },
      source: { ip: '203.0.113.9', port: 40022 },
      user: { name: 'admin' },
      message: WAZUH_SSHD.full_log,
    });
  });

  it('maps a Windows alert to Sysmon names and the Windows log source', () => {
    const e = parseWith('wazuh_alerts', WAZUH_WINDOWS);
    expect(e.logsource).toEqual({ product: 'windows', service: 'sysmon', category: 'process_creation' });
    expect(e.winlog?.event_data).toMatchObject({
      Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    });
    expect(e.process?.command_line).toContain('-enc');
    expect(e.event?.severity).toBe(80);
  });

  it('maps a web access alert to the web server rules, with the URL split', () => {
    const e = parseWith('wazuh_alerts', {
      timestamp: '2026-11-21T10:00:00.000+0800',
      rule: {
        level: 6,
        description: 'Web server 400 error code.',
        id: '31101',
        groups: ['web', 'accesslog', 'attack'],
      },
      agent: { id: '003', name: 'web01' },
      full_log:
        '203.0.113.9 - - [21/Nov/2026:10:00:00 +0800] "GET /admin.php?id=1 HTTP/1.1" 404 153 "-" "curl/8.0"',
      decoder: { name: 'web-accesslog' },
      data: { protocol: 'GET', srcip: '203.0.113.9', id: '404', url: '/admin.php?id=1', dstuser: 'CORP\\li' },
    });
    expect(e.logsource).toEqual({ product: 'wazuh', category: 'webserver' });
    expect(e.url).toEqual({ original: '/admin.php?id=1', path: '/admin.php', query: 'id=1' });
    expect(e.http).toEqual({ response: { status_code: 404 } });
    expect(e.user).toEqual({ domain: 'CORP', name: 'li' });
  });

  it('reports records that are not Wazuh alerts', () => {
    expect(errorOf('wazuh_alerts', '{"timestamp":"2026-11-21T10:00:00+0800"}')).toBe(
      'not a Wazuh alert: no rule object',
    );
  });
});

describe('Windows events', () => {
  it('reads Winlogbeat events', () => {
    const e = parseWith('windows_json', WINLOGBEAT_SYSMON_1);
    expect(e).toMatchObject({
      '@timestamp': '2026-11-21T02:00:00.487Z',
      logsource: { product: 'windows', service: 'sysmon', category: 'process_creation' },
      event: { code: '1', provider: 'Microsoft-Windows-Sysmon' },
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: 1,
        record_id: 884211,
        user_sid: 'S-1-5-18',
      },
      process: {
        executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        pid: 6724,
        name: 'powershell.exe',
      },
      user: { domain: 'CORP', name: 'zhang' },
      file: { hash: { md5: '7353f60b1739074eb17c5f4dddefe239' } },
    });
    expect(e.winlog?.event_data?.OriginalFileName).toBe('PowerShell.EXE');
    expect(e.winlog?.event_data?.Provider_Name).toBe('Microsoft-Windows-Sysmon');
    expect(e.original).toEqual(WINLOGBEAT_SYSMON_1);
  });

  it('reads evtx_dump (#attributes) and xmltodict (@Name, Data list) exports', () => {
    const evtx = parseWith('windows_json', EVTX_DUMP_SYSMON_1);
    expect(evtx['@timestamp']).toBe('2026-11-21T02:00:00.487Z');
    expect(evtx.winlog).toMatchObject({
      event_id: 1,
      provider_name: 'Microsoft-Windows-Sysmon',
      user_sid: 'S-1-5-18',
    });
    expect(evtx.winlog?.event_data?.CommandLine).toContain('certutil.exe -urlcache');
    expect(evtx.event?.severity).toBe(20);
    const logon = parseWith('windows_json', XMLTODICT_SECURITY_4625);
    expect(logon.logsource).toEqual({ product: 'windows', service: 'security' });
    expect(logon.winlog?.event_data).toMatchObject({
      TargetUserName: 'administrator',
      LogonType: '3',
      WorkstationName: '-',
    });
    expect(logon.user).toEqual({ name: 'administrator', domain: 'CORP' });
    expect(logon.source).toEqual({ ip: '203.0.113.9', port: 51234 });
    expect(logon['@timestamp']).toBe('2026-11-21T02:00:00.123Z');
  });

  it('reads flat exporters (NXLog) with Security 4688 routed to process_creation', () => {
    const e = parseWith('windows_json', NXLOG_SECURITY_4688);
    expect(e['@timestamp']).toBe('2026-11-21T02:00:00.000Z'); // zone-less EventTime read in Asia/Shanghai
    expect(e.logsource).toEqual({ product: 'windows', service: 'security', category: 'process_creation' });
    expect(e.process).toEqual({
      executable: 'C:\\Windows\\System32\\whoami.exe',
      command_line: 'whoami /all',
      pid: 0x1a2c,
      name: 'whoami.exe',
    });
    expect(e.winlog?.event_data).toMatchObject({
      Image: 'C:\\Windows\\System32\\whoami.exe',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    });
    const ps = parseWith('windows_json', {
      Id: 4104,
      LogName: 'Microsoft-Windows-PowerShell/Operational',
      TimeCreated: '/Date(1763690400000)/',
      ScriptBlockText: 'iex',
    });
    expect(ps.logsource).toEqual({ product: 'windows', service: 'powershell', category: 'ps_script' });
    expect(ps['@timestamp']).toBe('2025-11-21T02:00:00.000Z');
  });

  it('routes Sysmon registry and DNS events by ID', () => {
    const sysmon = (id: number, data: Record<string, string>) =>
      parseWith('windows_json', {
        winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: id, event_data: data },
      });
    expect(sysmon(12, { EventType: 'DeleteKey' }).logsource.category).toBe('registry_delete');
    expect(sysmon(12, { EventType: 'CreateKey' }).logsource.category).toBe('registry_add');
    expect(sysmon(13, {}).logsource.category).toBe('registry_set');
    const dns = sysmon(22, { QueryName: 'evil.example' });
    expect(dns.logsource.category).toBe('dns_query');
    expect(dns.dns).toEqual({ question: { name: 'evil.example' } });
  });

  it('reports records that are not Windows events', () => {
    expect(errorOf('windows_json', '{"a":1}')).toMatch(/^not a Windows event/);
    expect(errorOf('windows_json', '{"Event":{"System":{"Channel":"Security"}}}')).toBe(
      'not a Windows event: no event ID',
    );
    expect(errorOf('windows_json', '{"winlog":{"event_id":1},"@timestamp":"soon"}')).toMatch(
      /invalid Windows event time/,
    );
  });
});
