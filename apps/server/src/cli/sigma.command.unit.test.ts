import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSigmaTest } from './sigma.command.ts';

const STARTER = path.resolve(import.meta.dirname, '..', 'modules', 'events', 'sigma', 'rules');
const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'shouwang.js');

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shouwang-sigma-cli-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function run(options: Parameters<typeof runSigmaTest>[0]) {
  const lines: Record<string, unknown>[] = [];
  const code = await runSigmaTest(options, (line) => lines.push(JSON.parse(line)));
  return { code, lines };
}

describe('shouwang sigma test', () => {
  it('prints one line per match with line number, rule id and title, bad lines, and a summary', async () => {
    const events = tempFile(
      'events.ndjson',
      [
        JSON.stringify({ url: { path: '/index.html' } }),
        JSON.stringify({ 'url.path': '/.git/config', 'http.response.status_code': 404 }),
        '{"truncated": ',
        '',
        '42',
        JSON.stringify({
          url: { path: '/news', query: 'id=1 union select 1' },
          user_agent: { original: 'sqlmap/1.8' },
        }),
      ].join('\n'),
    );
    const rules = path.dirname(
      tempFile('broken.yml', 'title: broken\ndetection:\n  sel:\n    F|nope: 1\n  condition: sel\n'),
    );
    writeFileSync(
      path.join(rules, 'ok.yml'),
      'title: Git probe\nid: git-1\ndetection:\n  s:\n    url.path|contains: /.git/\n  condition: s\n',
    );
    const { code, lines } = await run({ rules, events });
    expect(code).toBe(0);
    expect(lines.filter((l) => l.type === 'match')).toEqual([
      { type: 'match', line: 2, ruleId: 'git-1', title: 'Git probe', level: null },
    ]);
    expect(
      lines.filter((l) => l.type === 'error').map((l) => [l.line, String(l.reason).slice(0, 12)]),
    ).toEqual([
      [3, 'invalid JSON'],
      [5, 'not a JSON o'],
    ]);
    const summary = lines.at(-1);
    expect(summary).toMatchObject({
      type: 'summary',
      lines: 6,
      events: 3,
      badLines: 2,
      matches: 1,
      rulesLoaded: 1,
    });
    expect(summary?.notLoaded).toEqual([
      expect.objectContaining({
        title: 'broken',
        reason: expect.stringMatching(/unknown value modifier "nope"/),
      }),
    ]);
  });

  it('runs the starter pack, correlations included, on flat and nested events', async () => {
    const failures = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify({
        '@timestamp': `2026-11-22T08:0${Math.floor(i / 4)}:${String((i % 4) * 10).padStart(2, '0')}Z`,
        'source.ip': '203.0.113.5',
        url: { path: '/admin/login' },
        http: { response: { status_code: 401 } },
      }),
    );
    const events = tempFile('events.ndjson', failures.join('\n'));
    const { lines } = await run({ rules: STARTER, events });
    const correlations = lines.filter((l) => l.type === 'correlation');
    expect(correlations).toHaveLength(1);
    expect(correlations[0]).toMatchObject({
      line: 10,
      correlationType: 'event_count',
      title: 'Brute Force on an Administration Page',
      group: { 'source.ip': '203.0.113.5' },
      count: 10,
    });
    expect(lines.filter((l) => l.type === 'match')).toEqual([]);
  });

  it('exits 2 on bad arguments without running anything', { timeout: 60_000 }, async () => {
    const events = tempFile('e.ndjson', '{}\n');
    expect((await run({ rules: '/nonexistent/rules', events })).code).toBe(2);
    expect((await run({ rules: STARTER, events: '/nonexistent/events' })).code).toBe(2);
    const badMappings = tempFile('m.json', '[1, 2]');
    expect((await run({ rules: STARTER, events, mappings: badMappings })).code).toBe(2);
    const missing = spawnSync(process.execPath, [BIN, 'sigma', 'test', '--rules', STARTER], {
      encoding: 'utf8',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--events/);
    const ok = spawnSync(process.execPath, [BIN, 'sigma', 'test', '--rules', STARTER, '--events', events], {
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
      type: 'summary',
      events: 1,
    });
  });
});
