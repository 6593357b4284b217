import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { DemoRefusedError, seedDemoJurisdiction } from '../modules/demo/demo-seed.ts';
import { migrateToLatest, openDatabase } from '../platform/db/database.ts';

/** `shouwang demo`: loads the fictional demo jurisdiction into a database without regions, then exits. */
export function registerDemoCommand(program: Command, loadConfigOrExit: () => Config) {
  program
    .command('demo')
    .description(
      'Load the demo jurisdiction (fictional 江川市) into a database without regions; never overwrites',
    )
    .action(async () => {
      const config = loadConfigOrExit();
      const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        await migrateToLatest(database.db);
        const result = await seedDemoJurisdiction(database.db);
        console.log(
          `Demo jurisdiction loaded: ${result.regions} regions, ${result.units} units, ${result.assets} assets.`,
        );
      } catch (err) {
        if (!(err instanceof DemoRefusedError)) throw err;
        console.error(err.message);
        process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
