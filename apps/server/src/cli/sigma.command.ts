import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createSigmaEngine } from '../modules/events/sigma/sigma-engine.ts';
import {
  WEB_ECS_FIELD_MAPPINGS,
  WINDOWS_ECS_FIELD_MAPPINGS,
} from '../modules/events/sigma/sigma-field-mappings.ts';
import { loadRulesFromPath } from '../modules/events/sigma/sigma-loader.ts';
import type {
  CorrelationMatch,
  FieldMappings,
  Placeholders,
  SigmaEvent,
} from '../modules/events/sigma/sigma-types.ts';

const MAX_LINE = 1024 * 1024;
const TIME_FIELDS = ['@timestamp', 'timestamp', 'time', 'event.created'];

export interface SigmaTestOptions {
  rules: string;
  events: string;
  mappings?: string;
  placeholders?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJsonMap(file: string, what: string): Record<string, unknown> {
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isRecord(value)) throw new Error(`${what} must be a JSON object`);
  return value;
}

function toStringMap(value: Record<string, unknown>, what: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v;
    else throw new Error(`${what}: "${k}" must be a string or a list of strings`);
  }
  return out;
}

function eventTime(event: SigmaEvent): number | null {
  for (const field of TIME_FIELDS) {
    const v =
      event[field] ?? (field === 'event.created' && isRecord(event.event) ? event.event.created : undefined);
    const ms =
      typeof v === 'number' ? (v < 1e11 ? v * 1000 : v) : typeof v === 'string' ? Date.parse(v) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

function correlationLine(line: number, c: CorrelationMatch): string {
  const { type, ...rest } = c;
  return JSON.stringify({ type: 'correlation', line, correlationType: type, ...rest });
}

/**
 * Runs rules over an NDJSON file and writes one JSON line per match, per bad input line and a summary.
 * Returns the exit code: 0, or 2 when the arguments are unusable (nothing is run then).
 */
export async function runSigmaTest(
  options: SigmaTestOptions,
  write: (line: string) => void,
): Promise<number> {
  const problems: string[] = [];
  if (!existsSync(options.rules)) problems.push(`--rules: ${options.rules} does not exist`);
  if (!existsSync(options.events) || !statSync(options.events).isFile())
    problems.push(`--events: ${options.events} is not a file`);
  let mappings: FieldMappings = { ...WEB_ECS_FIELD_MAPPINGS, ...WINDOWS_ECS_FIELD_MAPPINGS };
  let placeholders: Placeholders = {};
  try {
    if (options.mappings)
      mappings = { ...mappings, ...toStringMap(readJsonMap(options.mappings, '--mappings'), '--mappings') };
    if (options.placeholders)
      placeholders = toStringMap(readJsonMap(options.placeholders, '--placeholders'), '--placeholders');
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    return 2;
  }

  const engine = createSigmaEngine({
    rules: loadRulesFromPath(options.rules),
    fieldMappings: mappings,
    placeholders,
  });
  let lineNo = 0;
  let events = 0;
  let badLines = 0;
  let matches = 0;
  let correlations = 0;
  let lastTime = 0;
  const bad = (reason: string) => {
    badLines++;
    write(JSON.stringify({ type: 'error', line: lineNo, reason }));
  };
  const lines = createInterface({
    input: createReadStream(options.events, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    if (text.length > MAX_LINE) {
      bad(`line is longer than ${MAX_LINE} characters`);
      continue;
    }
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (err) {
      bad(`invalid JSON: ${(err as Error).message}`);
      continue;
    }
    if (!isRecord(event)) {
      bad('not a JSON object');
      continue;
    }
    events++;
    lastTime = eventTime(event) ?? lastTime;
    for (const m of engine.match(event)) {
      matches++;
      write(
        JSON.stringify({ type: 'match', line: lineNo, ruleId: m.ruleId, title: m.title, level: m.level }),
      );
    }
    for (const c of engine.correlate(event, lastTime)) {
      correlations++;
      write(correlationLine(lineNo, c));
    }
  }
  for (const c of engine.flush(Number.MAX_SAFE_INTEGER)) {
    correlations++;
    write(correlationLine(lineNo, c));
  }
  write(
    JSON.stringify({
      type: 'summary',
      lines: lineNo,
      events,
      badLines,
      matches,
      correlationMatches: correlations,
      rulesLoaded: engine.stats.rules,
      correlationsLoaded: engine.stats.correlations,
      notLoaded: engine.unsupported,
    }),
  );
  return 0;
}

/** `shouwang sigma test --rules DIR --events FILE`: run Sigma rules over NDJSON events (for rule authors). */
export function registerSigmaCommand(program: Command) {
  const sigma = program.command('sigma').description('Sigma detection rules');
  sigma
    .command('test')
    .description(
      'Run the rules in DIR over FILE (NDJSON, one event per line, flat or nested fields) and print one JSON line per match, per bad line and a summary naming every rule that could not be loaded',
    )
    .requiredOption('--rules <dir>', 'directory (searched recursively) or file of Sigma rules (.yml/.yaml)')
    .requiredOption('--events <file>', 'NDJSON file of events')
    .option('--mappings <file>', 'JSON object: Sigma field name -> event field path or list of paths')
    .option('--placeholders <file>', 'JSON object: placeholder name -> value or list (for |expand)')
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2);
    })
    .action(async (opts: SigmaTestOptions) => {
      process.exitCode = await runSigmaTest(opts, (line) => process.stdout.write(`${line}\n`));
    });
}
