import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { BootstrapError, createFirstAdmin } from '../modules/users/bootstrap.ts';
import { migrateToLatest, openDatabase } from '../platform/db/database.ts';

interface CreateAdminOptions {
  username: string;
  displayName?: string;
  password?: string;
  regionId?: string;
  rootRegionName?: string;
}

/** `shouwang create-admin`: a system administrator at the root region, for first setup or recovery. */
export function registerCreateAdminCommand(program: Command, loadConfigOrExit: () => Config) {
  program
    .command('create-admin')
    .description(
      'Create a system administrator at the root region (prints the password when it is generated)',
    )
    .requiredOption('--username <name>', 'user name: 3-64 letters, digits, "_", "." or "-"')
    .option('--display-name <name>', 'name shown in the app (default: the user name)')
    .option('--password <password>', 'initial password (default: a generated one-time password)')
    .option(
      '--region-id <id>',
      'region the administrator’s jurisdiction starts at (default: the root region)',
    )
    .option('--root-region-name <name>', 'on an empty database: create the root region with this name')
    .action(async (opts: CreateAdminOptions) => {
      const config = loadConfigOrExit();
      let regionId: number | undefined;
      if (opts.regionId !== undefined) {
        regionId = Number(opts.regionId);
        if (!Number.isInteger(regionId) || regionId < 1) {
          console.error(`--region-id must be a positive whole number, got "${opts.regionId}"`);
          process.exitCode = 2;
          return;
        }
      }
      const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        await migrateToLatest(database.db);
        const admin = await createFirstAdmin(database.db, {
          username: opts.username,
          displayName: opts.displayName,
          password: opts.password,
          regionId,
          rootRegionName: opts.rootRegionName,
          passwordMinLength: config.passwordMinLength,
        });
        console.log(
          `Created system administrator "${admin.username}" (id ${admin.userId}, region ${admin.regionId}).`,
        );
        if (admin.generatedPassword) {
          console.log(
            `One-time password (shown only now; it must be changed at first sign-in): ${admin.generatedPassword}`,
          );
        }
      } catch (err) {
        if (!(err instanceof BootstrapError)) throw err;
        console.error(err.message);
        process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
