// Runs the benchmarks: `node bench/run.ts` runs every bench/<name>.bench.ts, `node bench/run.ts a b` runs
// those by name, `--list` lists them, `--no-write` leaves docs/performance.md alone. Exits 1 when a
// budget is exceeded or a benchmark fails.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeMachine } from './lib/machine.ts';
import { renderSection, updateReport } from './lib/report.ts';
import { type Benchmark, type Measurement, passes } from './lib/types.ts';

const BENCH_DIR = import.meta.dirname;
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const REPORT = path.join(REPO_ROOT, 'docs', 'performance.md');
const SUFFIX = '.bench.ts';

function available(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

function isBenchmark(value: unknown): value is Benchmark {
  return (
    typeof value === 'object' &&
    value !== null &&
    'title' in value &&
    'method' in value &&
    'run' in value &&
    typeof value.run === 'function'
  );
}

async function load(name: string): Promise<Benchmark> {
  const module: Record<string, unknown> = await import(
    pathToFileURL(path.join(BENCH_DIR, name + SUFFIX)).href
  );
  const benchmark = module.benchmark;
  if (!isBenchmark(benchmark))
    throw new Error(`bench/${name}${SUFFIX} must export \`benchmark\` (see lib/types.ts)`);
  return benchmark;
}

/** Biome formats Markdown too (it aligns tables), so the written report passes `biome check` as is. */
function formatWithBiome(file: string): void {
  try {
    execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', file], {
      stdio: 'pipe',
    });
  } catch (err) {
    console.warn(`Could not format ${file} with Biome: ${(err as Error).message.split('\n')[0]}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const flags = argv.filter((a) => a.startsWith('--'));
  const names = argv.filter((a) => !a.startsWith('--'));
  const all = available();
  if (flags.includes('--list')) {
    for (const name of all) console.log(`${name}: ${(await load(name)).title}`);
    return 0;
  }
  const scaleFlag = flags.find((f) => f.startsWith('--scale='));
  const scale = scaleFlag ? Number(scaleFlag.slice('--scale='.length)) : 1;
  if (!(scale > 0 && scale <= 1)) {
    console.error(`--scale must be a fraction in (0, 1], got ${scaleFlag}`);
    return 2;
  }
  const unknownFlags = flags.filter((f) => f !== '--no-write' && f !== scaleFlag);
  const unknown = names.filter((n) => !all.includes(n));
  if (unknownFlags.length || unknown.length) {
    console.error(`Unknown ${[...unknownFlags, ...unknown].join(', ')}. Benchmarks: ${all.join(', ')}`);
    return 2;
  }

  const sections = new Map<string, string>();
  let failures = 0;
  for (const name of names.length ? names : all) {
    const benchmark = await load(name);
    console.log(`\n== ${name}: ${benchmark.title}`);
    const started = Date.now();
    let measurements: Measurement[] = [];
    let error: string | null = null;
    const remarks: string[] = [];
    try {
      measurements = await benchmark.run({
        log: (message) => console.log(`   ${message}`),
        scale,
        remark: (text) => {
          console.log(`   note: ${text}`);
          remarks.push(text);
        },
      });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      console.error(`   FAILED: ${error}`);
      failures++;
    }
    for (const m of measurements) {
      const verdict = m.budget ? (passes(m) ? 'pass' : 'FAIL') : 'info';
      const budget = m.budget ? ` (budget < ${m.budget.maxExclusive} ${m.unit})` : '';
      console.log(`   ${verdict.padEnd(4)} ${m.metric}: ${m.value.toFixed(1)} ${m.unit}${budget}`);
      if (!passes(m)) failures++;
    }
    console.log(`   took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    sections.set(
      name,
      renderSection({ name, benchmark, machine: describeMachine(REPO_ROOT), measurements, error, remarks }),
    );
  }

  if (!flags.includes('--no-write')) {
    updateReport(REPORT, sections);
    formatWithBiome(REPORT);
    console.log(`\nWrote ${path.relative(process.cwd(), REPORT)}`);
  }
  console.log(failures ? `\n${failures} budget(s) exceeded or benchmark(s) failed` : '\nAll budgets met');
  return failures ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
