import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { ROLES, type Role } from '@shouwang/common';

/** Validated, frozen configuration. This module is the only reader of process.env. */
export interface Config {
  dataDir: string;
  databaseUrl: string | null;
  /** Path of the SQLite file when databaseUrl is null. */
  sqlitePath: string;
  host: string;
  port: number;
  roles: ReadonlyArray<'api' | 'worker' | 'scheduler'>;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  totpRequiredRoles: readonly Role[];
  passwordMinLength: number;
  passwordMaxAgeDays: number;
  uploadMaxBytes: number;
  logLevel: string;
  webDistDir: string;
  /** PostgreSQL schema that holds pg-boss's job tables. */
  jobsSchema: string;
  secureCookies: boolean;
  /** Networks website monitoring may reach besides public addresses (an office's internal ranges), as CIDRs. */
  monitorAllowedNetworks: readonly string[];
  /** The optional rendering pass of website monitoring in headless Chromium (issue 4). */
  monitorRender: MonitorRenderConfig;
  /**
   * Proxies whose X-Forwarded-For names the client (IPs, CIDRs, or loopback / linklocal / uniquelocal):
   * the public page's per-client limits count that address. Anyone else's header is ignored.
   */
  trustedProxies: readonly string[];
  /** Security event ingest (issue 5): listeners of the `ingest` role, journal and raw store bounds. */
  ingest: IngestConfig;
}

export interface MonitorRenderConfig {
  /** Chromium binary (e.g. /usr/bin/chromium on Debian); null: rendering is off. */
  chromiumPath: string | null;
  /** SHOUWANG_MONITOR_CHROMIUM was given (a path, or `off`): `serve --demo` then does not pick one itself. */
  explicit: boolean;
  /** Pages rendered at once by one worker process. */
  concurrency: number;
  /** Hard limit on one page's render, navigation to screenshot. */
  timeoutSeconds: number;
  /** A page is rendered again after this long, or sooner when what made it suspicious changed. */
  minIntervalMinutes: number;
}

/** Why a Chromium path cannot be used, or null when it is an executable file. */
export function chromiumProblem(file: string): string | null {
  if (!path.isAbsolute(file)) return `must be an absolute path to a Chromium binary, got "${file}"`;
  if (!existsSync(file))
    return `file not found: ${file} (Debian: apt-get install chromium → /usr/bin/chromium)`;
  try {
    if (!statSync(file).isFile()) return `not a file: ${file}`;
    accessSync(file, constants.X_OK);
  } catch {
    return `not executable: ${file}`;
  }
  return null;
}

export interface IngestConfig {
  /** SHOUWANG_ROLES names `ingest`: this process runs the syslog listeners, file tails and the pipeline. */
  role: boolean;
  host: string;
  /** 0 = listener off. */
  syslogUdpPort: number;
  syslogTcpPort: number;
  syslogTlsPort: number;
  /** PEM files for the TLS listener; a self-signed certificate is made when both are empty. */
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  httpMaxBytes: number;
  maxRecordBytes: number;
  /** Unprocessed journal records above which TCP reading pauses, UDP drops and HTTP answers 503. */
  maxLag: number;
  journalSegmentBytes: number;
  rawMaxDays: number;
  rawMaxEvents: number;
  rawMaxBytes: number;
  /** A source dropping more than this percent of its events over 5 minutes raises a finding. */
  dropFindingPercent: number;
  /** Directories file-tail sources may read (absolute); empty: file tail sources cannot be registered. */
  tailDirs: readonly string[];
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

type Source = Record<string, string | undefined>;

const SERVER_ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Reads configuration from an optional JSON file (SHOUWANG_CONFIG_FILE) overlaid by environment variables.
 * Every problem is collected so an operator fixes them all in one go.
 */
export function loadConfig(env: Source = process.env): Config {
  const problems: string[] = [];
  const fileValues: Source = {};
  const file = env.SHOUWANG_CONFIG_FILE;
  if (file) {
    if (!existsSync(file)) problems.push(`SHOUWANG_CONFIG_FILE: file not found: ${file}`);
    else {
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          problems.push('SHOUWANG_CONFIG_FILE: must hold a JSON object of VARIABLE: value');
        } else {
          for (const [k, v] of Object.entries(parsed)) fileValues[k] = String(v);
        }
      } catch (err) {
        problems.push(`SHOUWANG_CONFIG_FILE: not valid JSON (${(err as Error).message})`);
      }
    }
  }
  const src: Source = { ...fileValues, ...env };

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = src[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = src[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}: must be true or false, got "${raw}"`);
    return fallback;
  };

  const dataDir = path.resolve(src.SHOUWANG_DATA_DIR || './data');
  let databaseUrl: string | null = src.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL: must be a postgres:// or postgresql:// URL, got "${databaseUrl}"`);
    databaseUrl = null;
  }

  const roleList = (src.SHOUWANG_ROLES || 'api,worker,scheduler').split(',').map((r) => r.trim());
  const validRoles = ['api', 'worker', 'scheduler', 'ingest'] as const;
  const roles = roleList.filter((r): r is (typeof validRoles)[number] =>
    (validRoles as readonly string[]).includes(r),
  );
  if (roles.length !== roleList.length || roles.length === 0) {
    problems.push(
      `SHOUWANG_ROLES: a comma list of api, worker, scheduler, ingest; got "${src.SHOUWANG_ROLES}"`,
    );
  }

  const totpRaw =
    src.SHOUWANG_TOTP_REQUIRED_ROLES ?? 'system_admin,office_admin,analyst,duty_officer,auditor';
  const totpList = totpRaw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const totpRequiredRoles = totpList.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  if (totpRequiredRoles.length !== totpList.length) {
    problems.push(
      `SHOUWANG_TOTP_REQUIRED_ROLES: unknown role in "${totpRaw}"; roles are ${ROLES.join(', ')}`,
    );
  }

  const logLevel = src.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
  }

  const jobsSchema = src.SHOUWANG_JOBS_SCHEMA || 'pgboss';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(jobsSchema)) {
    problems.push(`SHOUWANG_JOBS_SCHEMA: a lower-case PostgreSQL identifier, got "${jobsSchema}"`);
  }

  const monitorAllowedNetworks = (src.SHOUWANG_MONITOR_ALLOWED_NETWORKS ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  const badNetworks = monitorAllowedNetworks.filter((cidr) => {
    const [address = '', prefix, ...rest] = cidr.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    return (
      family === 0 ||
      rest.length > 0 ||
      (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max))
    );
  });
  if (badNetworks.length > 0) {
    problems.push(
      `SHOUWANG_MONITOR_ALLOWED_NETWORKS: a comma list of CIDR networks such as 10.20.0.0/16 or fd00::/8; bad: ${badNetworks.join(', ')}`,
    );
  }

  // Rendering pass: off unless a Chromium is named ("off" also switches off the demo's own pick).
  const chromiumRaw = (src.SHOUWANG_MONITOR_CHROMIUM ?? '').trim();
  let chromiumPath: string | null = null;
  if (chromiumRaw !== '' && chromiumRaw.toLowerCase() !== 'off') {
    const problem = chromiumProblem(chromiumRaw);
    if (problem)
      problems.push(`SHOUWANG_MONITOR_CHROMIUM: ${problem}; leave it empty (or "off") to render no pages`);
    else chromiumPath = chromiumRaw;
  }

  // Default: only a reverse proxy on this host. "none" trusts no header at all.
  const proxyList = (src.SHOUWANG_TRUSTED_PROXIES ?? 'loopback').split(/[\s,]+/).filter(Boolean);
  const trustedProxies = proxyList.includes('none') ? [] : proxyList;
  const badProxies = trustedProxies.filter((entry) => {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return false;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    return (
      family === 0 ||
      rest.length > 0 ||
      (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max))
    );
  });
  if (badProxies.length > 0) {
    problems.push(
      `SHOUWANG_TRUSTED_PROXIES: a comma list of addresses or CIDRs (or loopback, linklocal, uniquelocal, none); bad: ${badProxies.join(', ')}`,
    );
  }

  const config: Config = {
    dataDir,
    databaseUrl,
    sqlitePath: path.join(dataDir, 'shouwang.db'),
    host: src.HOST || '0.0.0.0',
    port: int('PORT', 8080, 0, 65535),
    roles: roles.filter((r): r is 'api' | 'worker' | 'scheduler' => r !== 'ingest'),
    sessionIdleMinutes: int('SHOUWANG_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int('SHOUWANG_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    loginMaxFailures: int('SHOUWANG_LOGIN_MAX_FAILURES', 5, 1, 100),
    totpRequiredRoles,
    passwordMinLength: int('SHOUWANG_PASSWORD_MIN_LENGTH', 10, 8, 128),
    passwordMaxAgeDays: int('SHOUWANG_PASSWORD_MAX_AGE_DAYS', 0, 0, 3650),
    uploadMaxBytes: int('SHOUWANG_UPLOAD_MAX_MB', 20, 1, 1024) * 1024 * 1024,
    logLevel,
    webDistDir: path.resolve(src.SHOUWANG_WEB_DIST || path.join(SERVER_ROOT, '..', 'web', 'dist')),
    secureCookies: bool('SHOUWANG_SECURE_COOKIES', false),
    jobsSchema,
    monitorAllowedNetworks: Object.freeze(badNetworks.length > 0 ? [] : monitorAllowedNetworks),
    monitorRender: Object.freeze({
      chromiumPath,
      explicit: chromiumRaw !== '',
      concurrency: int('SHOUWANG_MONITOR_RENDER_CONCURRENCY', 1, 1, 16),
      timeoutSeconds: int('SHOUWANG_MONITOR_RENDER_TIMEOUT_SECONDS', 30, 5, 300),
      minIntervalMinutes: int('SHOUWANG_MONITOR_RENDER_INTERVAL_MINUTES', 60, 1, 7 * 24 * 60),
    }),
    trustedProxies: Object.freeze(badProxies.length > 0 ? ['loopback'] : trustedProxies),
    ingest: Object.freeze({
      role: roleList.includes('ingest'),
      host: src.SHOUWANG_INGEST_HOST || '0.0.0.0',
      syslogUdpPort: int('SHOUWANG_INGEST_SYSLOG_UDP_PORT', 5514, 0, 65535),
      syslogTcpPort: int('SHOUWANG_INGEST_SYSLOG_TCP_PORT', 5514, 0, 65535),
      syslogTlsPort: int('SHOUWANG_INGEST_SYSLOG_TLS_PORT', 6514, 0, 65535),
      tlsCertFile: src.SHOUWANG_INGEST_TLS_CERT_FILE || null,
      tlsKeyFile: src.SHOUWANG_INGEST_TLS_KEY_FILE || null,
      httpMaxBytes: int('SHOUWANG_INGEST_HTTP_MAX_MB', 10, 1, 512) * 1024 * 1024,
      maxRecordBytes: int('SHOUWANG_INGEST_MAX_RECORD_KB', 64, 1, 1024) * 1024,
      maxLag: int('SHOUWANG_INGEST_MAX_LAG', 200_000, 100, 100_000_000),
      journalSegmentBytes: int('SHOUWANG_INGEST_JOURNAL_SEGMENT_MB', 64, 1, 4096) * 1024 * 1024,
      rawMaxDays: int('SHOUWANG_RAW_EVENTS_DAYS', 7, 1, 3650),
      rawMaxEvents: int('SHOUWANG_RAW_EVENTS_MAX', 5_000_000, 1000, 1_000_000_000),
      rawMaxBytes: int('SHOUWANG_RAW_EVENTS_MAX_MB', 4096, 1, 10_000_000) * 1024 * 1024,
      dropFindingPercent: int('SHOUWANG_INGEST_DROP_FINDING_PERCENT', 1, 0, 100),
      tailDirs: Object.freeze(
        (src.SHOUWANG_INGEST_TAIL_DIRS ?? '')
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean)
          .map((d) => path.resolve(d)),
      ),
    }),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
