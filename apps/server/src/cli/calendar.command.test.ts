import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/shouwang.js');
// Each run starts a Node process (about a second, several on a loaded machine): allow for it.
const CLI_TIMEOUT = 120_000;
// Runs without a database do not depend on the dialect: run them once, in the SQLite project.
const onSqliteOnly = it.skipIf(process.env.SHOUWANG_TEST_DIALECT === 'postgres');

/** Runs the real CLI in a child process with only the given Shouwang settings. */
function shouwang(args: string[], settings: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('SHOUWANG_') && k !== 'DATABASE_URL') env[k] = v;
  }
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...env, LOG_LEVEL: 'silent', ...settings },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe(`shouwang calendar (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let withDb: Record<string, string>;
  let noDb: Record<string, string>;
  let emptyDir: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    withDb = {
      SHOUWANG_DATA_DIR: ctx.dataDir,
      ...(ctx.config.databaseUrl ? { DATABASE_URL: ctx.config.databaseUrl } : {}),
    };
    emptyDir = mkdtempSync(path.join(tmpdir(), 'shouwang-cli-'));
    noDb = { SHOUWANG_DATA_DIR: emptyDir };
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });

  onSqliteOnly(
    'prints a deadline from the shipped data without creating a database',
    () => {
      const r = shouwang(['calendar', 'deadline', '2026-09-30T10:00+08:00', '5wd'], noDb);
      expect(r).toMatchObject({ code: 0, stdout: '2026-10-13T23:59:59+08:00\n', stderr: '' });
      expect(existsSync(path.join(emptyDir, 'shouwang.db'))).toBe(false);
      const json = shouwang(['calendar', 'deadline', '2026-09-30T10:00+08:00', '8wh', '--json'], noDb);
      expect(JSON.parse(json.stdout)).toEqual({
        start: '2026-09-30T10:00:00+08:00',
        duration: '8wh',
        deadline: '2026-10-08T11:00:00+08:00',
        provisional: false,
      });
    },
    CLI_TIMEOUT,
  );

  onSqliteOnly(
    'lists a year as JSON and as a month-by-month text',
    () => {
      const json = shouwang(['calendar', 'show', '2026', '--json'], noDb);
      expect(json.code).toBe(0);
      const days = JSON.parse(json.stdout);
      expect(days).toHaveLength(365);
      expect(days).toContainEqual({ date: '2026-02-14', working: true, kind: 'makeup', name: '春节' });
      expect(days).toContainEqual({ date: '2026-03-01', working: false, kind: 'weekend' });
      const text = shouwang(['calendar', 'show', '2026'], noDb);
      expect(text.stdout).toContain('2026: official calendar (shipped)');
      expect(text.stdout).toContain('248 working days, 117 non-working days.');
      expect(text.stdout).toContain('Holidays: 10-01 – 10-07 国庆节');
      expect(text.stdout).toContain('Make-up working days: 09-20 (Sun) 国庆节');
    },
    CLI_TIMEOUT,
  );

  onSqliteOnly(
    'answers bad input with a message in both languages and exit code 2',
    () => {
      const bad = shouwang(['calendar', 'deadline', '2026-09-31T10:00', '5 weeks'], noDb);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('error: start: "2026-09-31T10:00" is not a valid time');
      expect(bad.stderr).toContain('错误：duration：“5 weeks”不是有效时限');
      expect(shouwang(['calendar', 'show', 'next'], noDb).code).toBe(2);
      expect(shouwang(['calendar', 'deadline', '2026-09-30', '5wd', '--nope'], noDb).code).toBe(2);
    },
    CLI_TIMEOUT,
  );

  it(
    'notes a provisional deadline, then imports the year from a file and uses it',
    async () => {
      const before = shouwang(['calendar', 'deadline', '2026-12-31T10:00+08:00', '1wd'], withDb);
      expect(before.stdout).toBe('2027-01-01T23:59:59+08:00\n');
      expect(before.stderr).toContain('provisional');

      const file = path.join(ctx.dataDir, '2027.json');
      writeFileSync(
        file,
        JSON.stringify({
          version: 'cli-1',
          source: 'test',
          holidays: [{ date: '2027-01-01', name: '元旦' }],
          makeUpWorkdays: [],
        }),
      );
      const imported = shouwang(['calendar', 'import', '2027', file], withDb);
      expect(imported).toMatchObject({ code: 0, stderr: '' });
      expect(imported.stdout).toContain('Imported 2027: 1 holidays, 0 make-up working days');

      const after = shouwang(['calendar', 'deadline', '2026-12-31T10:00+08:00', '1wd', '--json'], withDb);
      expect(JSON.parse(after.stdout)).toMatchObject({
        deadline: '2027-01-04T23:59:59+08:00',
        provisional: false,
      });
      expect(shouwang(['calendar', 'show', '2027'], withDb).stdout).toContain(
        '2027: official calendar (imported)',
      );
      const audit = await ctx.services.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('resource_type', '=', 'calendar_year')
        .execute();
      expect(audit).toEqual([{ action: 'calendar.import', actor_name: 'cli' }]);
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses an invalid import file, changing nothing',
    async () => {
      const file = path.join(ctx.dataDir, 'bad.json');
      writeFileSync(
        file,
        JSON.stringify({ version: '1', source: 's', holidays: [{ date: '2028-01-01', name: 'x' }] }),
      );
      const r = shouwang(['calendar', 'import', '2029', file], withDb);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error: holidays[0].date: 2028-01-01 is not in 2029');
      expect(r.stderr).toContain('错误：makeUpWorkdays：应为列表');
      writeFileSync(file, '{ not json');
      expect(shouwang(['calendar', 'import', '2029', file], withDb).code).toBe(2);
      const years = await ctx.services.database.db.selectFrom('calendar_years').select('year').execute();
      expect(years).toEqual([{ year: 2027 }]);
    },
    CLI_TIMEOUT,
  );
});
