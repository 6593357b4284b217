import { describe, expect, it } from 'vitest';
import type { ParseResult, SecurityEvent } from '../event-schema.ts';
import { createParser } from './create-parser.ts';

type Parsed = Omit<SecurityEvent, 'shouwang'>;
const RECEIVED = new Date('2026-11-21T02:00:00Z'); // 10:00 in Shanghai
const parser = createParser('syslog', { now: () => RECEIVED });

function parse(line: string, p = parser): Parsed {
  const r: ParseResult = p.parse(line);
  if (!r.ok) throw new Error(`expected ok, got ${r.error}`);
  return r.event;
}
function error(line: string): string {
  const r = parser.parse(line);
  if (r.ok) throw new Error(`expected an error for ${line}`);
  return r.error;
}

describe('RFC 5424', () => {
  it('reads the header, structured data with escapes and a BOM message', () => {
    const e = parse(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 8710 ID47 [exampleSDID@32473 iut="3" eventSource="App\\"lication\\]" path="C:\\temp"][examplePriority@32473 class="high"] \uFEFFAn application event',
    );
    expect(e['@timestamp']).toBe('2003-10-11T22:14:15.003Z');
    expect(e.host?.name).toBe('mymachine.example.com');
    expect(e.log?.syslog).toMatchObject({
      facility: { code: 20 },
      severity: { code: 5 },
      appname: 'evntslog',
      procid: '8710',
      msgid: 'ID47',
    });
    expect(e.log?.syslog?.structured_data).toEqual({
      'exampleSDID@32473': { iut: '3', eventSource: 'App"lication]', path: 'C:\\temp' },
      'examplePriority@32473': { class: 'high' },
    });
    expect(e.original['exampleSDID@32473']).toEqual({
      iut: '3',
      eventSource: 'App"lication]',
      path: 'C:\\temp',
    });
    expect(e.message).toBe('An application event');
    expect(e.event?.severity).toBe(30);
  });

  it('takes NILVALUEs as absent and a missing timestamp as the receive time', () => {
    const e = parse('<34>1 - - - - - -');
    expect(e['@timestamp']).toBe(RECEIVED.toISOString());
    expect(e.host).toBeUndefined();
    expect(e.log?.syslog?.appname).toBeUndefined();
    expect(e.message).toBeUndefined();
    expect(e.logsource).toEqual({ product: 'linux', service: 'auth' });
  });

  it('applies offsets and fractional seconds, and the source zone when the offset is missing', () => {
    expect(parse('<13>1 2026-11-21T10:00:00.123456+08:00 h a - - - x')['@timestamp']).toBe(
      '2026-11-21T02:00:00.123Z',
    );
    expect(parse('<13>1 2026-11-21T10:00:00-05:30 h a - - - x')['@timestamp']).toBe(
      '2026-11-21T15:30:00.000Z',
    );
    expect(parse('<13>1 2026-11-21T10:00:00 h a - - - x')['@timestamp']).toBe('2026-11-21T02:00:00.000Z');
    const ny = createParser('syslog', { timezone: 'America/New_York', now: () => RECEIVED });
    expect(parse('<13>1 2026-07-01T10:00:00 h a - - - x', ny)['@timestamp']).toBe('2026-07-01T14:00:00.000Z');
    expect(parse('<13>1 2026-12-01T10:00:00 h a - - - x', ny)['@timestamp']).toBe('2026-12-01T15:00:00.000Z');
  });

  it('keeps every value of a repeated parameter name', () => {
    const e = parse('<13>1 - h a - - [x@1 ip="10.0.0.1" ip="10.0.0.2"] m');
    expect(e.log?.syslog?.structured_data?.['x@1']).toEqual({ ip: '10.0.0.1,10.0.0.2' });
  });

  it('reports malformed headers and structured data with a reason', () => {
    expect(error('<13>1 2026-13-01T00:00:00Z h a - - -')).toMatch(/invalid RFC 5424 timestamp/);
    expect(error('<13>1 2026-02-30T00:00:00Z h a - - -')).toMatch(/invalid RFC 5424 timestamp/);
    expect(error('<13>1  h a - - -')).toMatch(/TIMESTAMP is empty/);
    expect(error('<13>1 - h a')).toMatch(/ends before PROCID/);
    expect(error('<13>1 - h a - - [x@1 k="v]')).toMatch(/not closed/);
    expect(error('<13>1 - h a - - [x@1 k=v]')).toMatch(/name="value"/);
    expect(error('<192>1 - - - - - -')).toMatch(/PRI/);
    expect(error('<01>1 - - - - - -')).toMatch(/PRI/);
    expect(error('\n\r\0')).toMatch(/empty/);
  });
});

describe('RFC 3164 and vendor variants', () => {
  it('infers the year around the receive time, in the source zone', () => {
    const e = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    expect(e['@timestamp']).toBe('2026-10-11T14:14:15.000Z');
    expect(e.host?.name).toBe('mymachine');
    expect(e.log?.syslog).toMatchObject({ facility: { code: 4 }, severity: { code: 2 }, appname: 'su' });
    expect(e.event?.severity).toBe(80);
    expect(e.logsource).toEqual({ product: 'linux', service: 'auth' });
    // December logs received early on 1 January are last year's; a clock slightly ahead is this year's.
    const newYear = createParser('syslog', { now: () => new Date('2027-01-01T00:10:00+08:00') });
    expect(parse('<13>Dec 31 23:59:00 h app: x', newYear)['@timestamp']).toBe('2026-12-31T15:59:00.000Z');
    const newYearsEve = createParser('syslog', { now: () => new Date('2026-12-31T23:59:00+08:00') });
    expect(parse('<13>Jan  1 00:01:00 h app: x', newYearsEve)['@timestamp']).toBe('2026-12-31T16:01:00.000Z');
    expect(parse('<13>Mar  1 00:00:00 h app: x')['@timestamp']).toBe('2026-02-28T16:00:00.000Z');
  });

  it('tells a missing hostname from a tag', () => {
    const e = parse('<38>Nov 21 10:00:00 sshd[4242]: Failed password for root from 203.0.113.9 port 22 ssh2');
    expect(e.host).toBeUndefined();
    expect(e.log?.syslog).toMatchObject({ appname: 'sshd', procid: '4242' });
    expect(e.logsource).toEqual({ product: 'linux', service: 'sshd' });
    expect(e.message).toBe('Failed password for root from 203.0.113.9 port 22 ssh2');
  });

  it('does not take an upper-case hostname for a time zone', () => {
    for (const host of ['WEBSRV', 'CST', 'UTCX', 'GMT1', 'Zeus']) {
      const e = parse(`<13>Nov 21 10:00:00 ${host} sshd[1]: x`);
      expect(e.host?.name).toBe(host);
      expect(e['@timestamp']).toBe('2026-11-21T02:00:00.000Z');
    }
    // Cisco's abbreviation before the colon is skipped (ambiguous), UTC is honoured.
    expect(parse('<189>1: *Nov 21 10:00:00.000 CST: %SYS-5-X: y')['@timestamp']).toBe(
      '2026-11-21T02:00:00.000Z',
    );
    expect(parse('<189>1: *Nov 21 10:00:00.000 UTC: %SYS-5-X: y')['@timestamp']).toBe(
      '2026-11-21T10:00:00.000Z',
    );
  });

  it('reads ISO timestamps inside RFC 3164 and a missing PRI as user.notice', () => {
    const e = parse('<13>2026-11-21T10:00:00.5+08:00 web01 nginx: started');
    expect(e['@timestamp']).toBe('2026-11-21T02:00:00.500Z');
    expect(e.host?.name).toBe('web01');
    const bare = parse('2026-11-21 10:00:00 web01 cron[1]: job');
    expect(bare['@timestamp']).toBe('2026-11-21T02:00:00.000Z');
    expect(bare.log?.syslog).toMatchObject({ facility: { code: 1 }, severity: { code: 5 }, appname: 'cron' });
    expect(bare.logsource.service).toBe('cron');
  });

  it('reads Cisco IOS sequence numbers, * timestamps and %FAC-SEV-MNEMONIC', () => {
    const e = parse(
      '<189>123: *Mar  1 18:48:50.483 UTC: %SYS-5-CONFIG_I: Configured from console by vty2 (10.34.195.36)',
    );
    expect(e['@timestamp']).toBe('2026-03-01T18:48:50.483Z');
    expect(e.original).toMatchObject({
      sequence: 123,
      clockUnsynchronized: true,
      cisco: { facility: 'SYS', severity: 5, mnemonic: 'CONFIG_I' },
    });
    expect(e.event?.code).toBe('SYS-5-CONFIG_I');
    expect(e.event?.severity).toBe(30);
    expect(e.logsource).toEqual({ product: 'cisco', service: 'aaa' });
    expect(e.message).toBe('Configured from console by vty2 (10.34.195.36)');
    const withHost = parse(
      '<187>52: core-sw1: Nov 21 10:00:01: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down',
    );
    expect(withHost.host?.name).toBe('core-sw1');
    expect(withHost.event?.severity).toBe(70);
    expect(withHost.logsource).toEqual({ product: 'cisco' });
    const asa = parse('<166>Nov 21 2026 10:00:00 asa1 : %ASA-6-302013: Built outbound TCP connection');
    expect(asa.host?.name).toBe('asa1');
    expect(asa.event?.code).toBe('ASA-6-302013');
    expect(asa['@timestamp']).toBe('2026-11-21T02:00:00.000Z');
  });

  it('reads Huawei and H3C %% messages with their parameters', () => {
    const hw = parse(
      '<187>Nov 21 2026 10:00:00+08:00 HUAWEI %%01SHELL/5/CMDRECORD(s)[12]:Recorded command information. (Task=VT0, Ip=10.1.1.1, User=admin, Command="display current-configuration")',
    );
    expect(hw.host?.name).toBe('HUAWEI');
    expect(hw.event?.code).toBe('SHELL/5/CMDRECORD');
    expect(hw.original).toMatchObject({
      huawei: { version: '01', module: 'SHELL', severity: 5, brief: 'CMDRECORD', type: 's', sequence: 12 },
      Ip: '10.1.1.1',
      User: 'admin',
      Command: 'display current-configuration',
    });
    const deny = parse(
      '<188>Nov 21 2026 10:00:00 USG6000 %%01POLICY/6/POLICYDENY(l):vsys=public, protocol=6, source-ip=1.1.1.1, SourceIP=203.0.113.9, SourcePort=40000, DestinationIP=10.10.1.20, DestinationPort=22, UserName=zhang, policy=deny-all.',
    );
    expect(deny.source).toEqual({ ip: '203.0.113.9', port: 40000 });
    expect(deny.destination).toEqual({ ip: '10.10.1.20', port: 22 });
    expect(deny.user?.name).toBe('zhang');
    const login = parse(
      '<187>Nov 21 2026 10:00:00 HUAWEI %%01SSH/4/LOGIN_FAIL(s)[1]:Failed to login. (Ip=203.0.113.9, UserName=admin, Times=3)',
    );
    expect(login.source).toEqual({ ip: '203.0.113.9' });
    expect(login.user?.name).toBe('admin');
    expect(login.original).toMatchObject({ Ip: '203.0.113.9', UserName: 'admin', Times: '3' });
    const h3c = parse(
      '<188>Nov 21 10:00:00 2026 H3C %%10SHELL/5/SHELL_LOGIN: VTY logged in from 192.168.1.1.',
    );
    expect(h3c['@timestamp']).toBe('2026-11-21T02:00:00.000Z');
    expect(h3c.host?.name).toBe('H3C');
    expect(h3c.logsource).toEqual({ product: 'huawei' });
  });

  it('parses FortiGate key=value payloads into original and ECS', () => {
    const e = parse(
      '<189>date=2026-11-21 time=10:00:00 devname="FG100E" devid="FG100E3G16000000" logid="0000000013" type="traffic" subtype="forward" level="warning" srcip=10.1.1.1 srcport=1234 dstip=8.8.8.8 dstport=53 user="zhang san" action="deny"',
    );
    expect(e['@timestamp']).toBe('2026-11-21T02:00:00.000Z');
    expect(e.original).toMatchObject({
      devname: 'FG100E',
      srcip: '10.1.1.1',
      user: 'zhang san',
      action: 'deny',
    });
    expect(e.source).toEqual({ ip: '10.1.1.1', port: 1234 });
    expect(e.destination).toEqual({ ip: '8.8.8.8', port: 53 });
    expect(e.user?.name).toBe('zhang san');
    expect(e.event?.action).toBe('deny');
    expect(e.event?.severity).toBe(50);
    expect(e.logsource).toEqual({ product: 'fortigate', service: 'traffic' });
    const epoch = parse('<189>devname="FG" logid="1" eventtime=1763690400123456789 srcip=1.2.3.4');
    expect(epoch['@timestamp']).toBe('2025-11-21T02:00:00.123Z');
  });

  it('routes Linux audit records to auditd with their own time and fields', () => {
    for (const tag of ['audispd', 'audisp-syslog', 'audit', 'tag-less']) {
      const prefix = tag === 'tag-less' ? '' : `${tag}: `;
      const e = parse(
        `<14>Nov 21 10:00:09 web01 ${prefix}type=SYSCALL msg=audit(1763690400.123:4568): arch=c000003e syscall=135 a0=40000 pid=2214 comm="x" exe="/usr/bin/x" SYSCALL=personality`,
      );
      expect(e.logsource).toEqual({ product: 'linux', service: 'auditd' });
      expect(e['@timestamp']).toBe('2025-11-21T02:00:00.123Z');
      expect(e.original).toMatchObject({ type: 'SYSCALL', a0: '40000', SYSCALL: 'personality' });
      expect(e.process).toEqual({ executable: '/usr/bin/x', name: 'x', pid: 2214 });
    }
  });

  it('parses netfilter LOG lines (KEY=value mixed with bare flags)', () => {
    const e = parse(
      '<4>Nov 21 10:00:00 web01 kernel: [81234.567] [UFW BLOCK] IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc SRC=203.0.113.9 DST=10.10.1.20 LEN=60 TOS=0x00 TTL=52 ID=0 DF PROTO=TCP SPT=40022 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0',
    );
    expect(e.original).toMatchObject({ IN: 'eth0', OUT: '', PROTO: 'TCP', SRC: '203.0.113.9', DPT: '22' });
    expect(e.source).toEqual({ ip: '203.0.113.9', port: 40022 });
    expect(e.destination).toEqual({ ip: '10.10.1.20', port: 22 });
    expect(e.event?.category).toEqual(['network']);
    expect(e.logsource).toEqual({ product: 'linux', service: 'syslog' });
  });

  it('parses Sangfor-style 键:值 payloads', () => {
    const e = parse(
      '<134>Nov 21 10:00:00 localhost fwlog: 日志类型:WAF应用防护日志, 源IP:1.1.1.1, 源端口:5000, 目的IP:2.2.2.2, 系统动作:拒绝',
    );
    expect(e.original).toMatchObject({ 日志类型: 'WAF应用防护日志', 源IP: '1.1.1.1' });
    expect(e.source).toEqual({ ip: '1.1.1.1', port: 5000 });
    expect(e.event?.action).toBe('拒绝');
    expect(e.logsource).toEqual({ product: 'sangfor' });
  });

  it('parses CEF with escapes, custom labels and severity', () => {
    const e = parse(
      '<134>Nov 21 10:00:00 host CEF:0|Sec\\|Corp|threatmanager|1.0|100|worm stopped|8|src=10.0.0.1 dst=2.1.2.2 spt=1232 msg=a b\\=c cs1Label=Zone cs1=dmz request=http://x.gov.cn/a?b=1',
    );
    expect(e.original).toMatchObject({
      deviceVendor: 'Sec|Corp',
      deviceEventClassId: '100',
      msg: 'a b=c',
      Zone: 'dmz',
    });
    expect(e.source).toEqual({ ip: '10.0.0.1', port: 1232 });
    expect(e.url).toEqual({
      original: 'http://x.gov.cn/a?b=1',
      domain: 'x.gov.cn',
      path: '/a',
      query: 'b=1',
    });
    expect(e.event?.severity).toBe(80);
    expect(e.message).toBe('a b=c');
  });

  it('reads the CEF receipt time in its documented forms, zone-less ones in the source zone', () => {
    const cef = (rt: string) => parse(`<134>CEF:0|V|P|1|1|n|3|rt=${rt} src=10.0.0.1`)['@timestamp'];
    expect(cef('1763690400123')).toBe('2025-11-21T02:00:00.123Z');
    expect(cef('Nov 21 2026 10:00:00')).toBe('2026-11-21T02:00:00.000Z');
    expect(cef('Nov 21 2026 10:00:00.250 UTC')).toBe('2026-11-21T10:00:00.250Z');
    expect(cef('Nov 21 2026 10:00:00 +01:00')).toBe('2026-11-21T09:00:00.000Z');
    expect(cef('2026-11-21T10:00:00Z')).toBe('2026-11-21T10:00:00.000Z');
    // An unreadable rt leaves the syslog time (here none: the receive time).
    expect(cef('soon')).toBe(RECEIVED.toISOString());
  });

  it('parses LEEF 1.0 and 2.0 with a custom delimiter', () => {
    const v1 = parse(
      '<13>LEEF:1.0|Microsoft|MSExchange|4.0|15345|src=192.0.2.1\tdst=172.50.123.1\tsev=5\tusrName=joe',
    );
    expect(v1.original).toMatchObject({ vendor: 'Microsoft', eventId: '15345', usrName: 'joe' });
    expect(v1.user?.name).toBe('joe');
    expect(v1.event?.severity).toBe(50);
    const v2 = parse('<13>LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5');
    expect(v2.source?.ip).toBe('10.0.1.8');
    expect(v2.destination?.ip).toBe('10.0.0.5');
  });

  it('refuses impossible dates', () => {
    expect(error('<13>Feb 30 10:00:00 h app: x')).toMatch(/invalid RFC 3164 timestamp/);
    expect(error('<13>Nov 21 2026 25:00:00 h app: x')).toMatch(/invalid/);
  });
});
