import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { createRulesService } from '../modules/events/rules/rules.service.ts';
import { migrateToLatest, openDatabase } from '../platform/db/database.ts';
import { systemActor } from '../platform/http/actor.ts';

/**
 * `shouwang rules import DIR`: loads every .yml/.yaml file under DIR into the rules store (the same path
 * as an upload in the UI), printing one JSON line per file and a summary. Running detectors pick the
 * change up through the rules' version counter. Exit 0 when every file loaded fully, 1 when any was
 * rejected or is partly unsupported (stored with its reasons), 2 on bad arguments.
 */
export function registerRulesCommand(program: Command, loadConfigOrExit: () => Config) {
  const rules = program.command('rules').description('Sigma detection rules kept in the database');
  rules
    .command('import')
    .description('Load every .yml/.yaml file under DIR into the rules store and report each file')
    .argument('<dir>', 'a directory of Sigma rules (searched recursively) or one YAML file')
    .action(async (dir: string) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        console.error(`not a directory: ${dir}`);
        process.exitCode = 2;
        return;
      }
      const config = loadConfigOrExit();
      const database = openDatabase({
        databaseUrl: config.databaseUrl,
        sqlitePath: config.sqlitePath,
        poolMax: 1,
      });
      try {
        await migrateToLatest(database.db);
        const service = createRulesService(database.db, () => new Date());
        const results = await service.importDirectory(systemActor('/', 'cli'), dir);
        for (const r of results) console.log(JSON.stringify({ type: 'file', ...r }));
        const count = (o: string) => results.filter((r) => r.outcome === o).length;
        const incomplete = results.filter(
          (r) => r.outcome === 'rejected' || (r.status !== null && r.status !== 'loaded'),
        );
        console.log(
          JSON.stringify({
            type: 'summary',
            files: results.length,
            created: count('created'),
            updated: count('updated'),
            unchanged: count('unchanged'),
            rejected: count('rejected'),
            notFullyLoaded: incomplete.map((r) => ({ fileName: r.fileName, problems: r.problems })),
          }),
        );
        process.exitCode = incomplete.length > 0 ? 1 : 0;
      } finally {
        await database.close();
      }
    });
}
