import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Machine } from './machine.ts';
import { type Benchmark, type Measurement, passes } from './types.ts';

const HEADER = `# Performance

Measured by \`npm run bench\` (\`node bench/run.ts [name…]\`): every \`bench/<name>.bench.ts\` is one
benchmark, and each run rewrites only the sections of the benchmarks it ran, so every section names
its own machine and date. A budget is met when the result is strictly below it. Browser numbers are
headless Chromium against the server on the same machine over loopback, with no network or CPU
throttling: they show the cost of the app itself, not of a user's network.
`;

export interface SectionInput {
  name: string;
  benchmark: Benchmark;
  machine: Machine;
  measurements: Measurement[];
  /** Set when the benchmark could not finish. */
  error: string | null;
  /** Sentences the benchmark added about its results (ctx.remark), shown under the table. */
  remarks?: string[];
}

function formatValue(value: number, unit: Measurement['unit']): string {
  if (unit === 'ms') return `${Math.round(value)} ms`;
  if (unit === 'MB') return `${Number.isInteger(value) ? value : value.toFixed(1)} MB`;
  if (unit === 'count') return String(Math.round(value));
  return `${Math.round(value * 10) / 10} ${unit}`;
}

/** The markdown section of one benchmark run, between markers so a later run can replace it. */
export function renderSection(input: SectionInput): string {
  const { name, benchmark, machine, measurements, error } = input;
  const lines = [
    `<!-- bench:${name} -->`,
    `## ${benchmark.title} (\`${name}\`)`,
    '',
    benchmark.method,
    '',
    `Measured ${machine.date} at commit \`${machine.commit}\` on ${machine.cpus} × ${machine.cpuModel}, ` +
      `${machine.memoryGiB.toFixed(1)} GiB RAM, Node ${machine.node}; load average ${machine.load1.toFixed(1)}.`,
    '',
    '| metric | result | budget | pass |',
    '|---|---|---|---|',
  ];
  for (const m of measurements) {
    const budget = m.budget ? `< ${formatValue(m.budget.maxExclusive, m.unit)}` : '—';
    const verdict = m.budget ? (passes(m) ? 'pass' : '**FAIL**') : 'info';
    const metric = m.note ? `${m.metric} (${m.note})` : m.metric;
    lines.push(`| ${metric} | ${formatValue(m.value, m.unit)} | ${budget} | ${verdict} |`);
  }
  if (input.remarks?.length) lines.push('', ...input.remarks.map((r) => `- ${r}`));
  if (error) lines.push('', `**The benchmark did not finish:** ${error.split('\n')[0]}`);
  lines.push(`<!-- /bench:${name} -->`);
  return lines.join('\n');
}

/** Replaces (or appends) the given sections in docs/performance.md, keeping every other section. */
export function updateReport(file: string, sections: Map<string, string>): void {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = new Map<string, string>();
  for (const match of existing.matchAll(/<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g)) {
    if (match[1]) kept.set(match[1], match[0]);
  }
  for (const [name, section] of sections) kept.set(name, section);
  const body = [...kept.keys()]
    .sort()
    .map((name) => kept.get(name))
    .join('\n\n');
  writeFileSync(file, `${HEADER}\n${body}\n`);
}
