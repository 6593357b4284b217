// A seeded generator of the labelled stream the pipeline is evaluated on: background traffic of
// everyday municipal issues with a daily rhythm, plus injected events (a viral post reposted with small
// edits, and other phrasings). Texts vary the way real ones do: prefixes and suffixes, emoji, links,
// full-width characters, traditional characters, reposts with small edits. The same seed gives the
// same stream on every machine.
import { Converter } from 'opencc-js/cn2t';
import type { TopicItem } from '../item.ts';
import { BACKGROUND, EMOJI, EVENTS, type EventSpec, HOSTS, PREFIXES, SLOTS, SUFFIXES } from './templates.ts';

export interface LabelledItem extends TopicItem {
  /** Gold cluster: "bg:<issue>" or "event:<key>". */
  label: string;
}

export interface InjectedEvent {
  key: string;
  label: string;
  start: number;
  place: string | null;
  count: number;
}

export interface StreamOptions {
  seed: number;
  /** Start of the stream (ms); 2026-03-02T00:00Z by default. */
  start?: number;
  hours: number;
  /** Mean background items per hour (the daily rhythm moves it between 40% and 160%). */
  backgroundPerHour: number;
  events?: readonly EventSpec[];
}

const HOUR = 3600_000;
const SOURCES = ['intake', 'intake', 'intake', 'hotline', 'weibo.example', 'forum.example', 'news-feed'];

/** mulberry32: small, fast, seedable; good enough to vary test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  const value = list[Math.floor(random() * list.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

/** A Poisson-distributed count (Knuth for small means, a normal approximation for large). */
function poisson(random: () => number, mean: number): number {
  if (mean > 50) {
    const u = Math.max(1e-12, random());
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

let toTraditional: ((text: string) => string) | null = null;

function fill(random: () => number, pattern: string): string {
  return pattern.replace(/\{(\w+)\}/gu, (_m, slot: string) => pick(random, SLOTS[slot] ?? [slot]));
}

const FULL_WIDTH_OFFSET = 0xfee0;

/** The surface variations of a text: prefix, suffix, emoji, link, full-width, traditional. */
function dress(random: () => number, body: string): string {
  let text = `${pick(random, PREFIXES)}${body}${pick(random, SUFFIXES)}`;
  if (random() < 0.15) text += pick(random, EMOJI).repeat(1 + Math.floor(random() * 3));
  if (random() < 0.05) text += ` ${pick(random, HOSTS)}${Math.floor(random() * 100000)}?from=share`;
  if (random() < 0.08) {
    text = text.replace(/[0-9A-Za-z]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) + FULL_WIDTH_OFFSET));
  }
  if (random() < 0.06) {
    const convert = toTraditional ?? Converter({ from: 'cn', to: 'tw' });
    toTraditional = convert;
    text = convert(text);
  }
  return text;
}

/** A repost with small edits (~10%): a repost marker, a dropped or inserted phrase, a changed tail. */
export function repost(random: () => number, text: string): string {
  let out = text;
  const chars = [...out];
  const edits = Math.max(1, Math.round(chars.length * 0.05));
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * chars.length);
    if (random() < 0.5) chars.splice(at, 1);
    else chars.splice(at, 0, pick(random, ['，', '！', '啊', '的', '了', ' ']));
  }
  out = chars.join('');
  const marker = pick(random, ['转发：', '转：', '扩散！', '', '', '同问 ', '//']);
  const tail = pick(random, ['', '', '+1', '我们这也是', '求扩散', '已报警', '转给家人看看']);
  return `${marker}${out}${tail}`;
}

/** The daily rhythm of background traffic: quiet at night, busiest around midday and evening. */
function rhythm(hourOfDay: number): number {
  return 1 - 0.6 * Math.cos(((hourOfDay - 2) / 24) * 2 * Math.PI);
}

/** Generates the stream, sorted by time, with its injected events. */
export function generateLabelledStream(options: StreamOptions): {
  items: LabelledItem[];
  events: InjectedEvent[];
} {
  const random = seededRandom(options.seed);
  const start = options.start ?? Date.UTC(2026, 2, 2);
  const keys = Object.keys(BACKGROUND);
  // Issues differ in how often they come up: weights from 0.3 to 3.
  const weights = keys.map(() => 0.3 + random() * 2.7);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const recent = new Map<string, string[]>();
  const items: LabelledItem[] = [];
  let n = 0;
  const push = (time: number, text: string, label: string, region: string | null = null) => {
    items.push({ id: `s${++n}`, time, text, source: pick(random, SOURCES), region, label });
  };

  for (let h = 0; h < options.hours; h++) {
    const hourStart = start + h * HOUR;
    const count = poisson(random, options.backgroundPerHour * rhythm(((hourStart / HOUR) % 24) + 8));
    for (let i = 0; i < count; i++) {
      let r = random() * totalWeight;
      let k = 0;
      while (k < keys.length - 1 && r >= (weights[k] ?? 0)) r -= weights[k++] ?? 0;
      const key = keys[k] ?? '';
      const seen = recent.get(key) ?? [];
      let text: string;
      if (seen.length > 0 && random() < 0.1) text = repost(random, pick(random, seen));
      else {
        text = dress(random, fill(random, pick(random, BACKGROUND[key] ?? [])));
        seen.push(text);
        if (seen.length > 20) seen.shift();
        recent.set(key, seen);
      }
      push(hourStart + Math.floor(random() * HOUR), text, `bg:${key}`);
    }
  }

  const events: InjectedEvent[] = [];
  for (const spec of options.events ?? EVENTS) {
    const eventStart = start + spec.startHour * HOUR;
    if (spec.startHour >= options.hours) continue;
    const label = `event:${spec.key}`;
    // Arrivals bunch up early, as attention to a fresh event does.
    const at = () => eventStart + Math.floor(random() ** 1.5 * spec.hours * HOUR);
    push(eventStart, spec.viral, label);
    for (let i = 0; i < spec.reposts; i++) push(at(), repost(random, spec.viral), label);
    for (let i = 0; i < spec.varied; i++)
      push(at(), dress(random, fill(random, pick(random, spec.phrasings))), label);
    events.push({
      key: spec.key,
      label,
      start: eventStart,
      place: spec.place,
      count: 1 + spec.reposts + spec.varied,
    });
  }
  items.sort((a, b) => a.time - b.time);
  return { items, events };
}
