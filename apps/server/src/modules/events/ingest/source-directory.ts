import type { SourceKind } from '../event-schema.ts';
import { compileCidrs } from '../sigma/sigma-cidr.ts';
import type { SourceWithUnit } from '../sources/sources.repository.ts';

/** A registered source as the hot path needs it. */
export interface DirectorySource {
  id: number;
  name: string;
  kind: SourceKind;
  unitId: number;
  assetId: number | null;
  transport: string;
  timezone: string;
  enabled: boolean;
  filePath: string | null;
  /** Whether a syslog sender address belongs to this source. */
  accepts(address: string): boolean;
}

export interface SourceDirectory {
  byId(id: number): DirectorySource | undefined;
  /** The enabled source of this transport whose allowed senders include the address. */
  forSender(address: string, transport: string): DirectorySource | undefined;
  all(): DirectorySource[];
  refresh(): Promise<void>;
  /** The rows of the last refresh, as loaded (plain data: the syslog receiver thread builds its own copy). */
  rows(): readonly SourceWithUnit[];
  /** Calls back after every refresh. */
  onRefresh(listener: () => void): () => void;
}

function toDirectorySource(s: SourceWithUnit): DirectorySource {
  let accepts: (address: string) => boolean;
  try {
    accepts = compileCidrs(s.allowedSenders);
  } catch {
    // Validated on save; a row that still fails accepts nobody rather than everybody.
    accepts = () => false;
  }
  return {
    id: s.id,
    name: s.name,
    kind: s.kind as SourceKind,
    unitId: s.unitId,
    assetId: s.assetId,
    transport: s.transport,
    timezone: s.timezone,
    enabled: s.enabled,
    filePath: s.filePath,
    accepts,
  };
}

/** An in-memory copy of the registry, refreshed on demand (the ingest runtime refreshes it every few seconds). */
export function createSourceDirectory(load: () => Promise<SourceWithUnit[]>): SourceDirectory {
  let byId = new Map<number, DirectorySource>();
  let list: DirectorySource[] = [];
  let loaded: SourceWithUnit[] = [];
  const listeners = new Set<() => void>();
  const senderCache = new Map<string, DirectorySource | null>();
  return {
    byId: (id) => byId.get(id),
    all: () => list,
    forSender(address, transport) {
      const key = `${transport}|${address}`;
      const cached = senderCache.get(key);
      if (cached !== undefined) return cached ?? undefined;
      const found = list.find((s) => s.enabled && s.transport === transport && s.accepts(address));
      if (senderCache.size > 10_000) senderCache.clear();
      senderCache.set(key, found ?? null);
      return found;
    },
    async refresh() {
      const rows = await load();
      loaded = rows;
      list = rows.map(toDirectorySource);
      byId = new Map(list.map((s) => [s.id, s]));
      senderCache.clear();
      for (const l of listeners) l();
    },
    rows: () => loaded,
    onRefresh(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
