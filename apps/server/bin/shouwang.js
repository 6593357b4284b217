#!/usr/bin/env node
// The server runs its TypeScript sources directly through Node's type stripping (on by default since
// Node 22.18); on an older 22.x we re-run ourselves with the flag instead of shipping a build step.
import { spawnSync } from 'node:child_process';

if (!process.features.typescript) {
  const args = [
    '--experimental-strip-types',
    '--disable-warning=ExperimentalWarning',
    ...process.argv.slice(1),
  ];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(result.status ?? 1);
} else {
  const { runCli } = await import('../src/cli/cli.ts');
  await runCli(process.argv);
}
