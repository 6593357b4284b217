// Wazuh alerts JSON (alerts.json on the manager): the rule that fired, the agent, the decoded `data`
// fields and the full log line. Windows events collected by Wazuh (`data.win.system/eventdata`, with
// camelCase names) are routed like other Windows events, with Sysmon-style names restored.
import type { ParseResult } from '../event-schema.ts';
import {
  parseJsonObject,
  pick,
  pickInt,
  pickIp,
  pickPort,
  pickString,
  pickTimestamp,
  prune,
} from './json-record.ts';
import type { JsonParserOptions } from './ndjson.ts';
import { fail, isoOf, isRecord, ok, type ParsedEvent, splitTarget } from './parser-util.ts';
import { windowsLogsource } from './windows-channels.ts';

/** Wazuh rule level 0-15 -> event.severity 0-100. */
function levelSeverity(level: number | undefined): number | undefined {
  if (level === undefined || level < 0 || level > 16) return undefined;
  return Math.min(100, Math.round((level * 100) / 15));
}

/** Wazuh lower-cases the first letter of Windows field names (`commandLine`); Sigma uses `CommandLine`. */
function windowsNames(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(node)) return out;
  for (const [k, v] of Object.entries(node)) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    out[k.charAt(0).toUpperCase() + k.slice(1)] = String(v);
  }
  return out;
}

export function parseWazuhAlert(record: string, options: JsonParserOptions): ParseResult {
  const parsed = parseJsonObject(record);
  if (!parsed.ok) return parsed;
  const a = parsed.value;
  if (!isRecord(a.rule)) return fail('not a Wazuh alert: no rule object');
  const ts = pickTimestamp(a, options.timezone, ['timestamp', '@timestamp']);
  if (ts === undefined && a.timestamp !== undefined)
    return fail('invalid Wazuh timestamp', String(a.timestamp));
  const groups = pick(a, 'rule.groups');
  const program = pickString(a, 'predecoder.program_name', 'decoder.parent', 'decoder.name');
  const event: ParsedEvent = {
    '@timestamp': ts ?? isoOf(options.now()) ?? new Date(0).toISOString(),
    logsource: { product: 'wazuh' },
    original: a,
    event: {
      kind: 'alert',
      category: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : undefined,
      severity: levelSeverity(pickInt(a, 'rule.level')),
      dataset: 'wazuh.alerts',
      code: pickString(a, 'rule.id'),
    },
    rule: { id: pickString(a, 'rule.id'), name: pickString(a, 'rule.description') },
    message: pickString(a, 'full_log') ?? pickString(a, 'rule.description'),
    source: {
      ip: pickIp(
        a,
        'data.srcip',
        'data.src_ip',
        'data.win.eventdata.ipAddress',
        'data.win.eventdata.sourceIp',
      ),
      port: pickPort(a, 'data.srcport', 'data.src_port', 'data.win.eventdata.ipPort'),
    },
    destination: {
      ip: pickIp(a, 'data.dstip', 'data.dst_ip', 'data.win.eventdata.destinationIp'),
      port: pickPort(a, 'data.dstport', 'data.dst_port', 'data.win.eventdata.destinationPort'),
    },
  };
  const agentName = pickString(a, 'agent.name', 'predecoder.hostname');
  const agentIp = pickIp(a, 'agent.ip');
  if (agentName || agentIp) event.host = { name: agentName, ip: agentIp ? [agentIp] : undefined };
  const user = pickString(
    a,
    'data.dstuser',
    'data.srcuser',
    'data.win.eventdata.targetUserName',
    'data.win.eventdata.user',
  );
  if (user) {
    const slash = user.indexOf('\\');
    event.user = slash > 0 ? { domain: user.slice(0, slash), name: user.slice(slash + 1) } : { name: user };
  }
  const url = pickString(a, 'data.url');
  if (url) {
    const { path, query } = splitTarget(url);
    event.url = { original: url, path, query };
  }
  const status = pickInt(a, 'data.id');
  if (status !== undefined && status >= 100 && status <= 599 && url)
    event.http = { response: { status_code: status } };

  const win = pick(a, 'data.win');
  if (isRecord(win)) {
    const sys = win.system;
    const data = windowsNames(win.eventdata);
    const channel = isRecord(sys) ? pickString(sys, 'channel') : undefined;
    const eventId = isRecord(sys) ? pickInt(sys, 'eventID') : undefined;
    const provider = isRecord(sys) ? pickString(sys, 'providerName') : undefined;
    const computer = isRecord(sys) ? pickString(sys, 'computer') : undefined;
    event.logsource = windowsLogsource(channel, eventId, data);
    if (provider !== undefined) data.Provider_Name ??= provider;
    if (channel !== undefined) data.Channel ??= channel;
    event.winlog = {
      channel,
      event_id: eventId,
      provider_name: provider,
      computer_name: computer,
      event_data: data,
    };
    if (data.Image || data.CommandLine)
      event.process = { executable: data.Image, command_line: data.CommandLine };
    if (data.QueryName) event.dns = { question: { name: data.QueryName } };
  } else if (Array.isArray(groups) && (groups.includes('web') || groups.includes('accesslog'))) {
    event.logsource = { product: 'wazuh', category: 'webserver' };
  } else if (program) {
    // Linux logs decoded by Wazuh: route sshd/sudo/... like the same lines received over syslog.
    const p = program.toLowerCase();
    const service = ['sshd', 'sudo', 'cron', 'vsftpd', 'auditd'].includes(p) ? p : 'syslog';
    event.logsource = { product: 'linux', service };
  }
  return ok(prune(event));
}
