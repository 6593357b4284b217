import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/shouwang.js');
// Each run starts a Node process (about a second, several on a loaded machine): allow for it.
const CLI_TIMEOUT = 120_000;

function shouwang(args: string[], settings: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('SHOUWANG_') && k !== 'DATABASE_URL') env[k] = v;
  }
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...env, LOG_LEVEL: 'silent', ...settings },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = `title: Admin panel probe
id: 3d1f0000-0000-4000-8000-00000000c001
level: medium
logsource: { category: webserver }
detection:
  sel: { url.path|startswith: '/admin' }
  condition: sel
`;
const BAD = `title: Unknown modifier
id: 3d1f0000-0000-4000-8000-00000000c002
logsource: { category: webserver }
detection:
  sel: { url.path|glitter: '/x' }
  condition: sel
`;

describe(`shouwang rules import (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let dir: string;
  let settings: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext();
    settings = {
      SHOUWANG_DATA_DIR: ctx.dataDir,
      ...(ctx.config.databaseUrl ? { DATABASE_URL: ctx.config.databaseUrl } : {}),
    };
    dir = mkdtempSync(path.join(tmpdir(), 'shouwang-rules-'));
    mkdirSync(path.join(dir, 'web'));
    writeFileSync(path.join(dir, 'web', 'admin.yml'), GOOD);
    writeFileSync(path.join(dir, 'bad.yaml'), BAD);
    writeFileSync(path.join(dir, 'notes.txt'), 'not a rule');
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'loads a directory into the rules store, reporting every file and the reasons of what it could not load',
    async () => {
      const r = shouwang(['rules', 'import', dir], settings);
      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(r.code, r.stderr).toBe(1);
      expect(lines.filter((l) => l.type === 'file').map((l) => [l.fileName, l.outcome, l.status])).toEqual([
        ['bad.yaml', 'created', 'unsupported'],
        ['web/admin.yml', 'created', 'loaded'],
      ]);
      const summary = lines.at(-1);
      expect(summary).toMatchObject({ type: 'summary', files: 2, created: 2, rejected: 0 });
      expect(summary.notFullyLoaded[0].problems[0].reason).toMatch(/glitter/);
      const rows = await ctx.services.database.db
        .selectFrom('sigma_rules')
        .select(['rule_key', 'origin', 'status'])
        .orderBy('rule_key')
        .execute();
      expect(rows).toEqual([
        { rule_key: '3d1f0000-0000-4000-8000-00000000c001', origin: 'import', status: 'loaded' },
        { rule_key: '3d1f0000-0000-4000-8000-00000000c002', origin: 'import', status: 'unsupported' },
      ]);
      const again = shouwang(['rules', 'import', dir], settings);
      expect(JSON.parse(again.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
        unchanged: 2,
        created: 0,
      });
      expect(shouwang(['rules', 'import', path.join(dir, 'missing')], settings).code).toBe(2);
    },
    CLI_TIMEOUT,
  );
});
