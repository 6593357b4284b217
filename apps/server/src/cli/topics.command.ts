import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { parseItemLine } from '../modules/topics/pipeline/item.ts';
import {
  createTopicPipeline,
  defaultPipelineOptions,
  type PipelineOptions,
} from '../modules/topics/pipeline/pipeline.ts';
import { DEMO_PLACES, parsePlaceList } from '../modules/topics/pipeline/regions.ts';

export interface TopicsRunOptions {
  input: string;
  bucket: string;
  similarity: string;
  mergeSimilarity: string;
  expire: string;
  sensitivity: string;
  minCount: string;
  minGrowth: string;
  regionMinCount: string;
  regionMinGrowth: string;
  warmup: string;
  cooldown: string;
  nearDuplicateBits: string;
  regions?: string;
  dict?: string;
  hmm?: boolean;
  topics?: boolean;
}

type Check = { ok: true; value: number } | { ok: false; error: string };

function numberOption(name: string, raw: string, min: number, max: number, integer: boolean): Check {
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    return {
      ok: false,
      error: `${name}: ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${raw}"`,
    };
  }
  return { ok: true, value };
}

function readListFile(option: string, file: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (err) {
    return {
      error: `${option}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    };
  }
}

/** Turns the command's options into pipeline options, or lists every bad option. */
export function pipelineOptionsFrom(
  opts: TopicsRunOptions,
): { options: PipelineOptions } | { errors: string[] } {
  const errors: string[] = [];
  const num = (name: string, raw: string, min: number, max: number, integer = false): number => {
    const check = numberOption(name, raw, min, max, integer);
    if (!check.ok) {
      errors.push(check.error);
      return min;
    }
    return check.value;
  };
  const options = defaultPipelineOptions();
  options.bucketMs = num('--bucket', opts.bucket, 1, 10_080, true) * 60_000;
  options.cluster.similarity = num('--similarity', opts.similarity, 0.01, 1);
  options.cluster.mergeSimilarity = num('--merge-similarity', opts.mergeSimilarity, 0.01, 1);
  options.cluster.expireBuckets = num('--expire', opts.expire, 1, 100_000, true);
  const topic = options.topicBurst;
  topic.sensitivity = num('--sensitivity', opts.sensitivity, 0.5, 50);
  topic.minCount = num('--min-count', opts.minCount, 1, 1_000_000, true);
  topic.minGrowth = num('--min-growth', opts.minGrowth, 1, 1000);
  topic.warmupBuckets = num('--warmup', opts.warmup, 0, 100_000, true);
  topic.cooldownBuckets = num('--cooldown', opts.cooldown, 0, 100_000, true);
  options.regionBurst = {
    ...topic,
    minCount: num('--region-min-count', opts.regionMinCount, 1, 1_000_000, true),
    minGrowth: num('--region-min-growth', opts.regionMinGrowth, 1, 1000),
  };
  options.nearDuplicateBits = num('--near-duplicate-bits', opts.nearDuplicateBits, 0, 32, true);
  options.hmm = Boolean(opts.hmm);
  options.places = DEMO_PLACES;
  if (opts.regions !== undefined) {
    const read = readListFile('--regions', opts.regions);
    if ('error' in read) errors.push(read.error);
    else {
      const parsed = parsePlaceList(read.text);
      errors.push(...parsed.errors.map((e) => `--regions ${opts.regions}: ${e}`));
      if (parsed.places.length === 0 && parsed.errors.length === 0)
        errors.push(`--regions ${opts.regions}: no places`);
      options.places = parsed.places;
    }
  }
  if (opts.dict !== undefined) {
    const read = readListFile('--dict', opts.dict);
    if ('error' in read) errors.push(read.error);
    else
      options.words = read.text
        .split(/\r?\n/u)
        .map((w) => w.trim().split(/\s+/u)[0] ?? '')
        .filter(Boolean);
  }
  return errors.length > 0 ? { errors } : { options };
}

/**
 * Runs the pipeline over an NDJSON file and writes one JSON line per item and per alert to `write`;
 * bad lines go to `report` with their line number and are skipped. Returns the counts.
 */
export async function runTopicsFile(
  input: NodeJS.ReadableStream,
  options: PipelineOptions,
  write: (line: string) => void,
  report: (message: string) => void,
  printTopics = false,
): Promise<{ items: number; skipped: number; alerts: number }> {
  const pipeline = createTopicPipeline(options);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  let items = 0;
  let skipped = 0;
  let alerts = 0;
  let lastTime = Number.NEGATIVE_INFINITY;
  for await (const line of lines) {
    lineNo++;
    const parsed = parseItemLine(line);
    if (parsed.ok === 'blank') continue;
    if (!parsed.ok) {
      skipped++;
      report(`line ${lineNo}: ${parsed.error}; skipped`);
      continue;
    }
    if (parsed.item.time < lastTime - options.bucketMs) {
      report(
        `line ${lineNo}: earlier than a previous item by more than a bucket; counted in the current bucket`,
      );
    }
    lastTime = Math.max(lastTime, parsed.item.time);
    const { result, alerts: fired } = pipeline.process(parsed.item);
    items++;
    write(JSON.stringify(result));
    for (const alert of fired) write(JSON.stringify(alert));
    alerts += fired.length;
  }
  if (printTopics) for (const topic of pipeline.topics()) write(JSON.stringify(topic));
  return { items, skipped, alerts };
}

/**
 * `shouwang topics run --input FILE`: the topic pipeline offline, for analysts and evaluation. Exit 0
 * when every line was read, 1 when some lines were skipped, 2 on bad options or an unreadable file.
 */
export function registerTopicsCommand(program: Command) {
  const d = defaultPipelineOptions();
  const topics = program
    .command('topics')
    .description('Hot-topic detection (舆情): offline runs of the pipeline');
  topics
    .command('run')
    .description(
      'Read NDJSON items ({"id","time","text","source"?,"region"?} per line) and print one JSON line per item ' +
        '(its topic) and one per alert (topic or region, when it fired and why)',
    )
    .requiredOption('--input <file>', 'NDJSON file of items in time order ("-" reads standard input)')
    .option('--bucket <minutes>', 'time bucket for burst detection', String(d.bucketMs / 60_000))
    .option('--similarity <cosine>', 'minimum similarity to join a topic', String(d.cluster.similarity))
    .option(
      '--merge-similarity <cosine>',
      'minimum similarity of two topics to merge',
      String(d.cluster.mergeSimilarity),
    )
    .option(
      '--expire <buckets>',
      'a topic without items for this many buckets expires',
      String(d.cluster.expireBuckets),
    )
    .option(
      '--sensitivity <n>',
      'burst when the Poisson tail probability is below 10^-n',
      String(d.topicBurst.sensitivity),
    )
    .option('--min-count <n>', 'minimum items in a bucket for a topic alert', String(d.topicBurst.minCount))
    .option(
      '--min-growth <ratio>',
      'minimum ratio of a bucket to the topic baseline',
      String(d.topicBurst.minGrowth),
    )
    .option(
      '--region-min-count <n>',
      'minimum items in a bucket for a region alert',
      String(d.regionBurst.minCount),
    )
    .option(
      '--region-min-growth <ratio>',
      'minimum ratio of a bucket to the region baseline',
      String(d.regionBurst.minGrowth),
    )
    .option(
      '--warmup <buckets>',
      'no alerts during the first buckets while baselines form',
      String(d.topicBurst.warmupBuckets),
    )
    .option(
      '--cooldown <buckets>',
      'buckets before the same topic or region alerts again',
      String(d.topicBurst.cooldownBuckets),
    )
    .option(
      '--near-duplicate-bits <n>',
      'max SimHash distance of near-duplicates (0–32)',
      String(d.nearDuplicateBits),
    )
    .option('--regions <file>', 'place names, one path per line (市/区/街道); default: the demo 江川市')
    .option('--dict <file>', 'extra dictionary words, one per line')
    .option('--hmm', "use jieba's HMM for unknown words (slower)")
    .option('--topics', 'at the end, print one line per active topic (keywords, title, size)')
    .action(async (opts: TopicsRunOptions) => {
      const built = pipelineOptionsFrom(opts);
      if ('errors' in built) {
        for (const e of built.errors) console.error(e);
        process.exitCode = 2;
        return;
      }
      const input = opts.input === '-' ? process.stdin : createReadStream(opts.input);
      const opened = await new Promise<Error | null>((resolve) => {
        if (input === process.stdin) resolve(null);
        input.once('readable', () => resolve(null));
        input.once('error', (err: Error) => resolve(err));
      });
      if (opened) {
        console.error(
          `--input: cannot read ${opts.input} (${(opened as NodeJS.ErrnoException).code ?? opened.message})`,
        );
        process.exitCode = 2;
        return;
      }
      const out: string[] = [];
      const flush = () => {
        if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
        out.length = 0;
      };
      const counts = await runTopicsFile(
        input,
        built.options,
        (line) => {
          out.push(line);
          if (out.length >= 1000) flush();
        },
        (message) => console.error(message),
        Boolean(opts.topics),
      );
      flush();
      console.error(`${counts.items} items, ${counts.alerts} alerts, ${counts.skipped} lines skipped`);
      process.exitCode = counts.skipped > 0 ? 1 : 0;
    });
}
