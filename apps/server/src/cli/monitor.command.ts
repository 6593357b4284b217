import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import type { CheckFinding } from '../modules/monitoring/check-types.ts';
import { createContentAnalyzers } from '../modules/monitoring/checks/content-analyzers.ts';
import { runStaticChecks, type StaticCheckReport } from '../modules/monitoring/checks/run-checks.ts';
import { MonitorFetchError } from '../modules/monitoring/fetch/fetch-error.ts';
import { parseCidrList } from '../modules/monitoring/fetch/ip-policy.ts';

function evidenceLine(finding: CheckFinding): string {
  const text = JSON.stringify(finding.evidence);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/** The human-readable report: one block per finding, most severe first. */
export function describeReport(report: StaticCheckReport): string {
  const lines: string[] = [];
  if ('error' in report.page)
    lines.push(`${report.url}: not reachable (${String(report.page.error.message)})`);
  else {
    const p = report.page;
    lines.push(
      `${report.url} -> ${p.finalUrl}: HTTP ${p.status} from ${p.remoteAddress} in ${Math.round(p.timings.totalMs)} ms` +
        `${p.tlsProtocol ? `, ${p.tlsProtocol}` : ''}, ${p.bytes} bytes ${p.contentType ?? ''}`.trimEnd(),
    );
  }
  const order = { I: 0, II: 1, III: 2, IV: 3 };
  const findings = [...report.findings].sort((a, b) => order[a.severity] - order[b.severity]);
  lines.push(findings.length === 0 ? 'No findings.' : `${findings.length} finding(s):`);
  for (const f of findings) {
    lines.push(`  [${f.severity}] ${f.type}: ${f.title}`, `      ${evidenceLine(f)}`);
  }
  for (const reason of report.notRun) lines.push(`  not run: ${reason}`);
  return lines.join('\n');
}

interface CheckOptions {
  json?: boolean;
  allowNetwork?: string[];
  timeout?: string;
  tlsProbe?: boolean;
}

/**
 * `shouwang monitor check URL`: every static check once against a URL, for staff who want an answer now
 * and for scripts. Exit code 0 without findings, 1 with findings, 2 on bad input or a refused target.
 */
export function registerMonitorCommand(program: Command, loadConfigOrExit: () => Config) {
  const monitor = program.command('monitor').description('Website security monitoring');
  monitor
    .command('check')
    .description(
      'Run every static check once against URL and print the findings (exit 1 when there are findings)',
    )
    .argument('<url>', 'http:// or https:// address of the page')
    .option('--json', 'print the report as JSON')
    .option(
      '--allow-network <cidr...>',
      'also allow these networks (besides SHOUWANG_MONITOR_ALLOWED_NETWORKS)',
    )
    .option('--timeout <ms>', 'total time allowed for one fetch', '20000')
    .option('--no-tls-probe', 'skip probing which TLS versions the server accepts')
    .action(async (url: string, opts: CheckOptions) => {
      const config = loadConfigOrExit();
      const { cidrs, errors } = parseCidrList(opts.allowNetwork ?? []);
      const timeout = Number(opts.timeout);
      if (errors.length > 0 || !Number.isInteger(timeout) || timeout < 100 || timeout > 300_000) {
        for (const e of errors) console.error(`--allow-network: ${e}`);
        if (!Number.isInteger(timeout) || timeout < 100 || timeout > 300_000) {
          console.error(
            `--timeout: a whole number of milliseconds from 100 to 300000, got "${opts.timeout}"`,
          );
        }
        process.exitCode = 2;
        return;
      }
      let report: StaticCheckReport;
      try {
        report = await runStaticChecks(url, {
          fetchOptions: {
            allowedNetworks: [...config.monitorAllowedNetworks, ...cidrs],
            timeouts: { total: timeout },
          },
          tls: { probeProtocols: opts.tlsProbe !== false },
          analyzers: createContentAnalyzers(),
        });
      } catch (err) {
        if (err instanceof MonitorFetchError) {
          if (opts.json) console.log(JSON.stringify({ url, error: err.toJSON() }));
          else console.error(`Cannot check ${url}: ${err.message}`);
          process.exitCode = 2;
          return;
        }
        throw err;
      }
      console.log(opts.json ? JSON.stringify(report, null, 2) : describeReport(report));
      process.exitCode = report.findings.length > 0 ? 1 : 0;
    });
}
