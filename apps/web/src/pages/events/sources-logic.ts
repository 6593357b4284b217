import type { ResponseOf } from '../../api/types.ts';

type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;
export type EventSource = ItemOf<ResponseOf<'/api/v1/events/sources', 'get'>>;
export type RawEvent = ItemOf<ResponseOf<'/api/v1/events/raw', 'get'>>;
export type RawEventDetail = ResponseOf<'/api/v1/events/raw/{id}', 'get'>;
export type UnregisteredSender = ResponseOf<'/api/v1/events/unregistered', 'get'>['items'][number];

export const SOURCE_KINDS = [
  'syslog',
  'suricata_eve',
  'wazuh_alerts',
  'windows_json',
  'access_log',
  'ndjson',
] as const;
export const SOURCE_TRANSPORTS = ['syslog_udp', 'syslog_tcp', 'syslog_tls', 'http', 'file'] as const;
export type SourceTransport = (typeof SOURCE_TRANSPORTS)[number];

export const isSyslog = (t: string) => t === 'syslog_udp' || t === 'syslog_tcp' || t === 'syslog_tls';

/** Live counters are re-read this often. */
export const REFRESH_MS = 5000;

/**
 * The last `minutes` minutes ending at `now`, oldest first, with zeros for minutes without counts (the
 * server only returns minutes that saw something).
 */
export function fillSeries(
  series: ReadonlyArray<{ minute: string; received: number; failed: number; dropped: number }>,
  now: Date,
  minutes = 60,
): Array<{ minute: string; received: number; failed: number; dropped: number }> {
  const byMinute = new Map(series.map((s) => [s.minute, s]));
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const out = [];
  for (let i = minutes - 1; i >= 0; i--) {
    const minute = new Date(end - i * 60_000).toISOString().slice(0, 16);
    const s = byMinute.get(minute);
    out.push({ minute, received: s?.received ?? 0, failed: s?.failed ?? 0, dropped: s?.dropped ?? 0 });
  }
  return out;
}

/** Dropped share of everything that arrived (dropped records never reached `received`), 0..1. */
export function dropRate(c: { received: number; dropped: number }): number {
  const all = c.received + c.dropped;
  return all === 0 ? 0 : c.dropped / all;
}

/** Addresses or networks from a text box: one per line, commas and spaces also separate. */
export function parseSenders(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** A JSON value laid out for reading in the detail drawer. */
export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
