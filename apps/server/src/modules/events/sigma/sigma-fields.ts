// Field access: a Sigma field name goes through the configured mappings to one or more event paths
// (dotted paths read flat keys or nested objects), and each field of an event is read, stringified and
// lower-cased at most once however many rules look at it.
import type { FieldMappings, SigmaEvent } from './sigma-types.ts';

const EMPTY: readonly string[] = Object.freeze([]);

/** Reads a dotted path: a flat key "url.path" first, then nested objects, splitting at any dot. */
export function readPath(node: unknown, path: string): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const record = node as Record<string, unknown>;
  if (Object.hasOwn(record, path)) return record[path];
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const head = path.slice(0, dot);
    if (Object.hasOwn(record, head)) {
      const found = readPath(record[head], path.slice(dot + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function toStrings(value: unknown): readonly string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return [String(value)];
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      if (typeof item === 'string') out.push(item);
      else if (typeof item === 'number' || typeof item === 'boolean' || typeof item === 'bigint')
        out.push(String(item));
    }
    return out;
  }
  return EMPTY;
}

/** Every string value of an event, nested ones included (keyword searches look at all of them). */
export function allStrings(event: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 16) return out;
  if (typeof event === 'string') out.push(event);
  else if (typeof event === 'number' || typeof event === 'boolean') out.push(String(event));
  else if (Array.isArray(event)) for (const item of event) allStrings(item, out, depth + 1);
  else if (typeof event === 'object' && event !== null)
    for (const value of Object.values(event)) allStrings(value, out, depth + 1);
  return out;
}

/** Interns field names to small integers and knows how to read each from an event. */
export class FieldTable {
  readonly names: string[] = [];
  readonly paths: (readonly string[])[] = [];
  private readonly ids = new Map<string, number>();
  private readonly mappings: FieldMappings;
  private readonly fallbacks: readonly string[];

  /** `fallbacks`: path prefixes tried after a field's own paths (e.g. `original.`), see SigmaEngineOptions. */
  constructor(mappings: FieldMappings = {}, fallbacks: readonly string[] = []) {
    this.mappings = mappings;
    this.fallbacks = fallbacks;
  }

  /** The event paths a Sigma field is read from, in order: mapped (or its own name), then fallbacks. */
  pathsOf(field: string): readonly string[] {
    const mapped = this.mappings[field];
    const paths = mapped === undefined ? [field] : typeof mapped === 'string' ? [mapped] : [...mapped];
    for (const prefix of this.fallbacks) {
      const path = prefix + field;
      if (!paths.includes(path)) paths.push(path);
    }
    return paths;
  }

  id(field: string): number {
    let id = this.ids.get(field);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(field, id);
      this.names.push(field);
      this.paths.push(this.pathsOf(field));
    }
    return id;
  }

  get size(): number {
    return this.names.length;
  }
}

/** One event as the compiled rules see it: per-field values read and lower-cased lazily, once. */
export class EventView {
  event: SigmaEvent = {};
  private readonly table: FieldTable;
  private stamps = new Uint32Array(0);
  private lowStamps = new Uint32Array(0);
  private raws: unknown[] = [];
  private strs: (readonly string[])[] = [];
  private lows: (readonly string[])[] = [];
  private readonly oneStr: string[][] = [];
  private readonly oneLow: string[][] = [];
  private epoch = 0;
  private keywordText: readonly string[] | null = null;
  private keywordLower: readonly string[] | null = null;

  constructor(table: FieldTable) {
    this.table = table;
  }

  /** Starts a new event; previous values are forgotten by bumping the epoch, not by clearing. */
  reset(event: SigmaEvent): void {
    this.event = event;
    this.keywordText = null;
    this.keywordLower = null;
    if (this.stamps.length < this.table.size) {
      const size = this.table.size + 64;
      this.stamps = new Uint32Array(size);
      this.lowStamps = new Uint32Array(size);
      this.epoch = 0;
    }
    this.epoch++;
    if (this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.lowStamps.fill(0);
      this.epoch = 1;
    }
  }

  /** The field's value as found in the event (undefined when absent under every mapped path). */
  raw(fid: number): unknown {
    if (this.stamps[fid] !== this.epoch) this.load(fid);
    return this.raws[fid];
  }

  strings(fid: number): readonly string[] {
    if (this.stamps[fid] !== this.epoch) this.load(fid);
    return this.strs[fid] ?? EMPTY;
  }

  lower(fid: number): readonly string[] {
    if (this.lowStamps[fid] !== this.epoch) {
      const strs = this.strings(fid);
      this.lows[fid] =
        strs.length === 1
          ? this.one(this.oneLow, fid, (strs[0] ?? '').toLowerCase())
          : strs.map((s) => s.toLowerCase());
      this.lowStamps[fid] = this.epoch;
    }
    return this.lows[fid] ?? EMPTY;
  }

  /**
   * A one-element array per field, reused from event to event: most fields hold one value, and these
   * arrays never outlive the event (matchers read them during match() only), so none is allocated.
   */
  private one(pool: string[][], fid: number, value: string): readonly string[] {
    const box = pool[fid];
    if (box) {
      box[0] = value;
      return box;
    }
    const fresh = [value];
    pool[fid] = fresh;
    return fresh;
  }

  /** Every string value of the event, for keyword (field-less) searches. */
  keywords(lowered: boolean): readonly string[] {
    this.keywordText ??= allStrings(this.event);
    if (!lowered) return this.keywordText;
    this.keywordLower ??= this.keywordText.map((s) => s.toLowerCase());
    return this.keywordLower;
  }

  private load(fid: number): void {
    let value: unknown;
    for (const path of this.table.paths[fid] ?? EMPTY) {
      value = readPath(this.event, path);
      if (value !== undefined) break;
    }
    this.raws[fid] = value;
    this.strs[fid] =
      typeof value === 'string'
        ? this.one(this.oneStr, fid, value)
        : typeof value === 'number'
          ? this.one(this.oneStr, fid, String(value))
          : toStrings(value);
    this.stamps[fid] = this.epoch;
  }
}
