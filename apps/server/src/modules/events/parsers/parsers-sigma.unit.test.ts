// Events produced by the parsers meet the Sigma rules written for them: log-source routing, the
// shipped field mappings (SigmaHQ's Sysmon and W3C names -> ECS) and the fallbacks to the sources' own
// field names. The starter pack and rules written here always run; the public SigmaHQ set too when it
// is present beside the repository (../shared/data/sigmahq, never committed).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceKind } from '../event-schema.ts';
import { createSigmaEngine, type SigmaEngine } from '../sigma/sigma-engine.ts';
import { loadRulesFromPath, loadRuleText } from '../sigma/sigma-loader.ts';
import type { SigmaEvent } from '../sigma/sigma-types.ts';
import { createParser } from './create-parser.ts';
import {
  ACCESS_LOG_LINES,
  EVTX_DUMP_SYSMON_1,
  NXLOG_SECURITY_4688,
  SURICATA_ALERT,
  SURICATA_DNS,
  SURICATA_HTTP,
  WAZUH_WINDOWS,
  WINLOGBEAT_SYSMON_1,
  XMLTODICT_SECURITY_4625,
} from './parser-samples.ts';
import { PARSED_EVENT_FIELD_FALLBACKS, PARSED_EVENT_FIELD_MAPPINGS } from './sigma-routing.ts';

const now = () => new Date('2026-11-21T02:00:00Z');
function parsed(kind: SourceKind, record: unknown): SigmaEvent {
  const r = createParser(kind, { now }).parse(typeof record === 'string' ? record : JSON.stringify(record));
  if (!r.ok) throw new Error(r.error);
  return r.event as unknown as SigmaEvent;
}

const FORTIGATE_ADMIN_ADDED =
  '<189>date=2026-11-21 time=10:05:00 devname="FG100E" devid="FG100E3G16000000" logid="0100044547" type="event" subtype="system" level="information" vd="root" logdesc="Object attribute configured" user="admin" ui="GUI(10.10.9.9)" action="Add" cfgtid=1234 cfgpath="system.admin" cfgobj="backdoor" msg="Add system.admin backdoor"';
const AUDITD_SYSCTL =
  '<14>Nov 21 10:07:00 web01 audispd: type=EXECVE msg=audit(1763690820.001:777): argc=3 a0="sysctl" a1="-w" a2="kernel.randomize_va_space=0"';
const SSHD_ERROR = '<35>Nov 21 10:06:00 web01 sshd[3001]: error: Corrupted MAC on input. [preauth]';
const COBALT_DNS = {
  ...SURICATA_DNS,
  dns: { version: 3, type: 'request', queries: [{ rrname: 'aaa.stage.12345.example.top', rrtype: 'TXT' }] },
};

const LOCAL_RULES = `
title: Encoded PowerShell
id: local-ps-enc
logsource: { product: windows, category: process_creation }
detection:
  sel:
    Image|endswith: '\\powershell.exe'
    CommandLine|contains: ' -enc '
  condition: sel
level: high
---
title: Certutil download from a medium-integrity process
id: local-certutil
logsource: { product: windows, category: process_creation }
detection:
  sel:
    OriginalFileName: CertUtil.exe
    IntegrityLevel: Medium
    CommandLine|contains|all: ['urlcache', 'http']
  condition: sel
level: high
---
title: Whoami all
id: local-whoami
logsource: { product: windows, category: process_creation }
detection:
  sel:
    Image|endswith: '\\whoami.exe'
    CommandLine|contains|windash: ' -all'
  condition: sel
level: medium
---
title: Network logon failure
id: local-4625
logsource: { product: windows, service: security }
detection:
  sel:
    EventID: 4625
    LogonType: 3
    IpAddress|cidr: 203.0.113.0/24
  condition: sel
level: medium
---
title: FortiGate admin added
id: local-fortigate-admin
logsource: { product: fortigate, service: event }
detection:
  sel:
    action: Add
    cfgpath: system.admin
  condition: sel
level: high
---
title: sshd crypto errors
id: local-sshd
logsource: { product: linux, service: sshd }
detection:
  keywords: ['Corrupted MAC on input']
  condition: keywords
level: medium
---
title: ASLR disabled
id: local-auditd
logsource: { product: linux, service: auditd }
detection:
  sel:
    type: EXECVE
    a0: sysctl
    a2|endswith: randomize_va_space=0
  condition: sel
level: high
---
title: Cobalt Strike DNS staging
id: local-dns
logsource: { category: dns }
detection:
  sel:
    query|startswith: 'aaa.stage.'
  condition: sel
level: critical
`;

function engineWith(...rulePaths: string[]): SigmaEngine {
  const starter = loadRulesFromPath(path.join(import.meta.dirname, '..', 'sigma', 'rules'));
  const local = loadRuleText(LOCAL_RULES, 'parsers-sigma.yml');
  const extra = rulePaths.map((p) => loadRulesFromPath(p));
  return createSigmaEngine({
    rules: {
      rules: [...starter.rules, ...local.rules, ...extra.flatMap((l) => l.rules)],
      correlations: [...starter.correlations, ...extra.flatMap((l) => l.correlations)],
      unsupported: [...starter.unsupported, ...local.unsupported, ...extra.flatMap((l) => l.unsupported)],
    },
    fieldMappings: PARSED_EVENT_FIELD_MAPPINGS,
    fieldFallbacks: PARSED_EVENT_FIELD_FALLBACKS,
  });
}

describe('parsed events through the Sigma engine', () => {
  const engine = engineWith();
  const ids = (e: SigmaEvent) =>
    engine
      .match(e)
      .map((m) => m.ruleId)
      .sort();

  it('loads the starter pack and the local rules', () => {
    expect(engine.unsupported).toEqual([]);
  });

  it('Windows events of every JSON shape meet the process_creation rules', () => {
    expect(ids(parsed('windows_json', WINLOGBEAT_SYSMON_1))).toEqual(['local-ps-enc']);
    expect(ids(parsed('wazuh_alerts', WAZUH_WINDOWS))).toEqual(['local-ps-enc']);
    // OriginalFileName (mapped) and IntegrityLevel (fallback to winlog.event_data) from an evtx_dump export.
    expect(ids(parsed('windows_json', EVTX_DUMP_SYSMON_1))).toEqual(['local-certutil']);
    // Security 4688 from NXLog: NewProcessName read as Image.
    expect(ids(parsed('windows_json', NXLOG_SECURITY_4688))).toEqual(['local-whoami']);
    expect(ids(parsed('windows_json', XMLTODICT_SECURITY_4625))).toEqual(['local-4625']);
  });

  it('web access logs and Suricata HTTP meet the starter pack', () => {
    const sqli = ids(parsed('access_log', ACCESS_LOG_LINES[0]));
    expect(sqli).toContain('9f234c08-efad-4821-a28a-ee0c2083fdf6'); // SQL injection in the URL
    expect(sqli).toContain('5ca8dded-4c12-4a05-ba36-f00b945e8c69'); // scanner user agent
    expect(ids(parsed('access_log', ACCESS_LOG_LINES[1]))).toContain('794c969d-1f4c-415a-8473-fe51dce386d2');
    expect(ids(parsed('access_log', ACCESS_LOG_LINES[3]))).toContain('06e5806d-d0dc-4902-9734-8523294f3bcf');
    expect(ids(parsed('access_log', ACCESS_LOG_LINES[2]))).toEqual([]);
    expect(ids(parsed('suricata_eve', SURICATA_HTTP))).toContain('794c969d-1f4c-415a-8473-fe51dce386d2');
    // An alert record is routed as an alert, not as web server traffic.
    expect(ids(parsed('suricata_eve', SURICATA_ALERT))).toEqual([]);
  });

  it('syslog payloads and DNS meet rules naming the sources’ own fields', () => {
    expect(ids(parsed('syslog', FORTIGATE_ADMIN_ADDED))).toEqual(['local-fortigate-admin']);
    expect(ids(parsed('syslog', SSHD_ERROR))).toEqual(['local-sshd']);
    expect(ids(parsed('syslog', AUDITD_SYSCTL))).toEqual(['local-auditd']);
    expect(ids(parsed('suricata_eve', COBALT_DNS))).toEqual(['local-dns']);
    expect(ids(parsed('suricata_eve', SURICATA_DNS))).toEqual([]);
  });

  it('routes by log source: a Windows rule never sees a web event and the reverse', () => {
    const web = engine.match(parsed('access_log', ACCESS_LOG_LINES[0]));
    expect(web.some((m) => m.ruleId?.startsWith('local-'))).toBe(false);
    const win = parsed('windows_json', WINLOGBEAT_SYSMON_1);
    (win as { url?: unknown }).url = { query: "id=1' union select 1,2--" };
    expect(ids(win)).toEqual(['local-ps-enc']);
  });
});

const SIGMAHQ = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
  'sigmahq',
  'rules',
);
describe.skipIf(!existsSync(SIGMAHQ))('parsed events through the public SigmaHQ rules', () => {
  it('fire the SigmaHQ rules written for them', { timeout: 180_000 }, () => {
    const engine = engineWith(SIGMAHQ);
    const ids = (e: SigmaEvent) => engine.match(e).map((m) => m.ruleId);
    expect(ids(parsed('windows_json', WINLOGBEAT_SYSMON_1))).toContain(
      'fb843269-508c-4b76-8b8d-88679db22ce7',
    );
    expect(ids(parsed('windows_json', EVTX_DUMP_SYSMON_1))).toContain('19b08b1c-861d-4e75-a1ef-ea0c1baf202b');
    expect(ids(parsed('windows_json', NXLOG_SECURITY_4688))).toContain(
      'c248c896-e412-4279-8c15-1c558067b6fa',
    );
    expect(ids(parsed('access_log', ACCESS_LOG_LINES[1]))).toContain('7745c2ea-24a5-4290-b680-04359cb84b35');
    expect(ids(parsed('suricata_eve', SURICATA_HTTP))).toContain('7745c2ea-24a5-4290-b680-04359cb84b35');
    expect(ids(parsed('syslog', FORTIGATE_ADMIN_ADDED))).toContain('cd0a4943-0edd-42cf-b50c-06f77a10d4c1');
    expect(ids(parsed('syslog', SSHD_ERROR))).toContain('e76b413a-83d0-4b94-8e4c-85db4a5b8bdc');
    expect(ids(parsed('syslog', AUDITD_SYSCTL))).toContain('e497a24e-9345-4a62-9803-b06d7d7cb132');
    expect(ids(parsed('suricata_eve', COBALT_DNS))).toContain('2975af79-28c4-4d2f-a951-9095f229df29');
    // A Sysmon 13 (registry_set) event meets a generic registry_event rule.
    const registry = {
      '@timestamp': '2026-11-21T02:00:00Z',
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: 13,
        event_data: {
          EventType: 'SetValue',
          Image: 'C:\\Users\\zhang\\AppData\\Local\\Temp\\x.exe',
          TargetObject: 'HKLM\\SYSTEM\\CurrentControlSet\\services\\localNETService',
          Details: 'DWORD (0x00000002)',
        },
      },
    };
    expect(parsed('windows_json', registry).logsource).toEqual({
      product: 'windows',
      service: 'sysmon',
      category: 'registry_set',
    });
    expect(ids(parsed('windows_json', registry))).toContain('f7f9ab88-7557-4a69-b30e-0a8f91b3a0e7');
  });
});
