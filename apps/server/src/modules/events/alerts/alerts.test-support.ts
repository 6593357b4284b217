import type { Detection, SecurityEvent } from '../event-schema.ts';

/** Helpers shared by the alert and rule test files (not a test file itself). */

/** An access-log event from a source of `unitId` (and `assetId`). */
export function webEvent(
  origin: { sourceId?: number; unitId: number | null; assetId?: number | null; receivedAt?: string },
  over: Partial<SecurityEvent> = {},
): SecurityEvent {
  return {
    '@timestamp': '2026-11-22T01:00:00.000Z',
    logsource: { category: 'webserver' },
    shouwang: {
      sourceId: origin.sourceId ?? 1,
      unitId: origin.unitId,
      assetId: origin.assetId ?? null,
      receivedAt: origin.receivedAt ?? '2026-11-22T01:00:01.000Z',
    },
    original: {},
    source: { ip: '203.0.113.7' },
    url: { path: '/index.php', query: "id=1' or '1'='1" },
    http: { request: { method: 'GET' }, response: { status_code: 200 } },
    ...over,
  };
}

export function detectionOf(event: SecurityEvent, over: Partial<Detection> = {}): Detection {
  return {
    kind: 'sigma',
    ruleKey: '9f234c08-efad-4821-a28a-ee0c2083fdf6',
    title: 'SQL Injection Attempt in the URL',
    level: 'high',
    matchedFields: { 'url.query': String(event.url?.query ?? '') },
    event,
    ...over,
  };
}
