import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import type { VerifyResult } from '../platform/audit/audit-chain.ts';
import { verifyAuditChain } from '../platform/audit/audit-log.ts';
import { migrateToLatest, openDatabase } from '../platform/db/database.ts';

/** The one-line verdict printed by `shouwang audit verify`. */
export function describeVerifyResult(result: VerifyResult): string {
  return result.ok
    ? `Audit chain intact: ${result.entries} entries, head #${result.head.lastId} ${result.head.lastHash}`
    : `Audit chain BROKEN at entry #${result.firstBrokenId}: ${result.reason} (${result.entries} entries verified before it)`;
}

/** `shouwang audit verify`: checks the hash chain of the audit log; exit code 1 when it is broken. */
export function registerAuditCommand(program: Command, loadConfigOrExit: () => Config) {
  const audit = program.command('audit').description('Audit log tools');
  audit
    .command('verify')
    .description('Verify the hash chain of the whole audit log (exit code 1 when it is broken)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfigOrExit();
      const database = openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
      try {
        await migrateToLatest(database.db);
        const result = await verifyAuditChain(database.db);
        console.log(opts.json ? JSON.stringify(result) : describeVerifyResult(result));
        if (!result.ok) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
