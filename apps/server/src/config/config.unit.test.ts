import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to the embedded database under ./data on port 8080 with all roles', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeNull();
    expect(config.sqlitePath).toBe(path.resolve('./data/shouwang.db'));
    expect(config.port).toBe(8080);
    expect(config.roles).toEqual(['api', 'worker', 'scheduler']);
    expect(config.totpRequiredRoles).toContain('office_admin');
    expect(config.jobsSchema).toBe('pgboss');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable at once, naming each', () => {
    const problems = problemsOf({
      PORT: '80000',
      DATABASE_URL: 'mysql://db/x',
      SHOUWANG_ROLES: 'api,web',
      SHOUWANG_TOTP_REQUIRED_ROLES: 'analyst,wizard',
      SHOUWANG_SECURE_COOKIES: 'maybe',
      LOG_LEVEL: 'loud',
      SHOUWANG_JOBS_SCHEMA: 'Bad-Schema',
      SHOUWANG_MONITOR_ALLOWED_NETWORKS: '10.0.0.0/8,intranet',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'SHOUWANG_JOBS_SCHEMA',
        'SHOUWANG_MONITOR_ALLOWED_NETWORKS',
        'SHOUWANG_ROLES',
        'SHOUWANG_SECURE_COOKIES',
        'SHOUWANG_TOTP_REQUIRED_ROLES',
      ].sort(),
    );
  });

  it('reads the networks website monitoring may reach, naming each bad entry', () => {
    expect(loadConfig({}).monitorAllowedNetworks).toEqual([]);
    expect(
      loadConfig({ SHOUWANG_MONITOR_ALLOWED_NETWORKS: ' 10.20.0.0/16, 192.168.5.7 fd00::/8' })
        .monitorAllowedNetworks,
    ).toEqual(['10.20.0.0/16', '192.168.5.7', 'fd00::/8']);
    const problems = problemsOf({
      SHOUWANG_MONITOR_ALLOWED_NETWORKS: '10.0.0.0/33,fd00::/129,10.1.1.1/8/8,gov.cn,10.0.0.0/8',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('bad: 10.0.0.0/33, fd00::/129, 10.1.1.1/8/8, gov.cn');
  });

  it('switches the rendering pass on only for an executable Chromium, naming what is wrong', () => {
    expect(loadConfig({}).monitorRender).toEqual({
      chromiumPath: null,
      explicit: false,
      concurrency: 1,
      timeoutSeconds: 30,
      minIntervalMinutes: 60,
    });
    expect(loadConfig({ SHOUWANG_MONITOR_CHROMIUM: 'off' }).monitorRender).toMatchObject({
      chromiumPath: null,
      explicit: true,
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-config-'));
    const binary = path.join(dir, 'chromium');
    writeFileSync(binary, '#!/bin/sh\necho Chromium 1.0\n', { mode: 0o755 });
    const notExecutable = path.join(dir, 'plain');
    writeFileSync(notExecutable, 'x', { mode: 0o644 });
    const on = loadConfig({
      SHOUWANG_MONITOR_CHROMIUM: binary,
      SHOUWANG_MONITOR_RENDER_CONCURRENCY: '2',
      SHOUWANG_MONITOR_RENDER_TIMEOUT_SECONDS: '45',
      SHOUWANG_MONITOR_RENDER_INTERVAL_MINUTES: '120',
    }).monitorRender;
    expect(on).toEqual({
      chromiumPath: binary,
      explicit: true,
      concurrency: 2,
      timeoutSeconds: 45,
      minIntervalMinutes: 120,
    });
    expect(problemsOf({ SHOUWANG_MONITOR_CHROMIUM: path.join(dir, 'none') })[0]).toMatch(
      /^SHOUWANG_MONITOR_CHROMIUM: file not found/,
    );
    expect(problemsOf({ SHOUWANG_MONITOR_CHROMIUM: dir })[0]).toMatch(/not a file/);
    expect(problemsOf({ SHOUWANG_MONITOR_CHROMIUM: 'chromium' })[0]).toMatch(/absolute path/);
    // Root may execute any file; the check only means something for other users.
    if (process.getuid?.() !== 0) {
      expect(problemsOf({ SHOUWANG_MONITOR_CHROMIUM: notExecutable })[0]).toMatch(/not executable/);
    }
    expect(problemsOf({ SHOUWANG_MONITOR_RENDER_CONCURRENCY: '0' })[0]).toMatch(
      /^SHOUWANG_MONITOR_RENDER_CONCURRENCY: must be a whole number from 1 to 16/,
    );
  });

  it('reads a JSON file and lets the environment override it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-config-'));
    const file = path.join(dir, 'shouwang.json');
    writeFileSync(file, JSON.stringify({ PORT: 9000, SHOUWANG_SESSION_IDLE_MINUTES: 15 }));
    const config = loadConfig({ SHOUWANG_CONFIG_FILE: file, SHOUWANG_SESSION_IDLE_MINUTES: '20' });
    expect(config.port).toBe(9000);
    expect(config.sessionIdleMinutes).toBe(20);
  });

  it('reports a missing or malformed config file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-config-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(problemsOf({ SHOUWANG_CONFIG_FILE: bad })[0]).toMatch(/not valid JSON/);
    expect(problemsOf({ SHOUWANG_CONFIG_FILE: path.join(dir, 'none.json') })[0]).toMatch(/file not found/);
  });
});
