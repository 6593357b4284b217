import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.ts';
import { startServer } from '../main.ts';
import { migrateToLatest, openDatabase } from '../platform/db/database.ts';
import { registerAuditCommand } from './audit.command.ts';
import { registerBackupCommands } from './backup.command.ts';
import { registerCalendarCommand } from './calendar.command.ts';
import { registerCreateAdminCommand } from './create-admin.command.ts';
import { registerDemoCommand } from './demo.command.ts';
import { registerMonitorCommand } from './monitor.command.ts';
import { registerRulesCommand } from './rules.command.ts';
import { registerSigmaCommand } from './sigma.command.ts';
import { registerTopicsCommand } from './topics.command.ts';

/** Runs the shouwang CLI. Each command loads and validates configuration first. */
export async function runCli(argv: string[]): Promise<void> {
  const program = new Command('shouwang')
    .description('Shouwang (守望): the platform for a city or county cyberspace office.')
    .showHelpAfterError();

  program
    .command('serve')
    .description(
      'Start the platform: migrate the database, then run the roles in SHOUWANG_ROLES (default: api, worker, scheduler)',
    )
    .option('--demo', 'load the demo jurisdiction when the database is empty (never overwrites)')
    .option(
      '--demo-sites-port <port>',
      'with --demo: first loopback port of the local demo websites (one port per site; 0 = any free port; remembered in the data directory)',
    )
    .action(async (opts: { demo?: boolean; demoSitesPort?: string }) => {
      const demoSitesPort = opts.demoSitesPort === undefined ? undefined : Number(opts.demoSitesPort);
      if (
        demoSitesPort !== undefined &&
        !(Number.isInteger(demoSitesPort) && demoSitesPort >= 0 && demoSitesPort < 65_536)
      ) {
        console.error(`--demo-sites-port: a port number from 0 to 65535, got "${opts.demoSitesPort}"`);
        process.exit(2);
      }
      await startServer(loadConfigOrExit(), {
        demo: Boolean(opts.demo),
        ...(demoSitesPort === undefined ? {} : { demoSitesPort }),
      });
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const config = loadConfigOrExit();
      const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        const applied = await migrateToLatest(database.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await database.close();
      }
    });

  registerCreateAdminCommand(program, loadConfigOrExit);
  registerAuditCommand(program, loadConfigOrExit);
  registerBackupCommands(program, loadConfigOrExit);
  registerDemoCommand(program, loadConfigOrExit);

  registerCalendarCommand(program, loadConfigOrExit);
  registerMonitorCommand(program, loadConfigOrExit);
  registerSigmaCommand(program);
  registerRulesCommand(program, loadConfigOrExit);
  registerTopicsCommand(program);

  await program.parseAsync(argv);
}

export function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
