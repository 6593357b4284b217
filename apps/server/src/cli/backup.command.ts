import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { defaultBackupPath, writeBackup } from '../platform/backup/backup.ts';
import { BackupFileError } from '../platform/backup/backup-format.ts';
import { RestoreRefusedError, restoreBackup } from '../platform/backup/restore.ts';
import { migrateToLatest, openDatabase } from '../platform/db/database.ts';
import { describeVerifyResult } from './audit.command.ts';

/** `shouwang backup` (safe while the server runs) and `shouwang restore FILE` (into a fresh database only). */
export function registerBackupCommands(program: Command, loadConfigOrExit: () => Config) {
  program
    .command('backup')
    .description('Write a consistent snapshot of every table (gzip’d NDJSON); safe while the server runs')
    .option('--out <file>', 'where to write it (default: <data dir>/backups/shouwang-<timestamp>.ndjson.gz)')
    .action(async (opts: { out?: string }) => {
      const config = loadConfigOrExit();
      const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        await migrateToLatest(database.db);
        const summary = await writeBackup(database, opts.out ?? defaultBackupPath(config.dataDir));
        console.log(`Backup written: ${summary.file}`);
        console.log(`  ${summary.rows} rows in ${summary.tables.length} tables`);
        for (const t of summary.tables) console.log(`  ${t.name.padEnd(24)} ${t.rows}`);
      } finally {
        await database.close();
      }
    });

  program
    .command('restore')
    .description(
      'Restore a backup into a FRESH database (refuses one that already has users, regions or audit entries)',
    )
    .argument('<file>', 'a file written by `shouwang backup`')
    .action(async (file: string) => {
      const config = loadConfigOrExit();
      const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        const result = await restoreBackup(database, file);
        console.log(
          `Restored ${result.rows} rows in ${result.tables.length} tables from a ${result.header.dialect} backup of ${result.header.createdAt}.`,
        );
        console.log(describeVerifyResult(result.audit));
        if (!result.audit.ok) process.exitCode = 1;
      } catch (err) {
        if (err instanceof BackupFileError) {
          console.error(`Restore refused: the backup file is unusable: ${err.message}. Nothing was changed.`);
        } else if (err instanceof RestoreRefusedError) {
          console.error(`Restore refused: ${err.message}. Nothing was changed.`);
        } else throw err;
        process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
