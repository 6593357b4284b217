import { describe, expect, it } from 'vitest';
import { createParser } from './create-parser.ts';

const RECEIVED = new Date('2026-11-21T02:00:00Z');
const parser = createParser('ndjson', { now: () => RECEIVED });

describe('generic NDJSON events', () => {
  it('reads ECS fields from nested objects and keeps the object as original', () => {
    const obj = {
      '@timestamp': '2026-11-21T10:00:00+08:00',
      source: { ip: '203.0.113.9', port: 51515 },
      url: { path: '/admin', query: 'id=1' },
      http: { request: { method: 'POST' }, response: { status_code: 403 } },
      user_agent: { original: 'sqlmap/1.7' },
      logsource: { category: 'Webserver' },
      custom: { deep: true },
    };
    const r = parser.parse(JSON.stringify(obj));
    expect(r).toEqual({
      ok: true,
      event: {
        '@timestamp': '2026-11-21T02:00:00.000Z',
        logsource: { category: 'webserver' },
        original: obj,
        source: { ip: '203.0.113.9', port: 51515 },
        url: { path: '/admin', query: 'id=1' },
        http: { request: { method: 'POST' }, response: { status_code: 403 } },
        user_agent: { original: 'sqlmap/1.7' },
      },
    });
  });

  it('reads flat dotted keys, epoch times and zone-less times in the source zone', () => {
    const flat = parser.parse(
      '{"time":1763690400,"source.ip":"10.0.0.1","dns.question.name":"evil.example","msg":"hi"}',
    );
    expect(flat.ok && flat.event).toMatchObject({
      '@timestamp': '2025-11-21T02:00:00.000Z',
      source: { ip: '10.0.0.1' },
      dns: { question: { name: 'evil.example' } },
      message: 'hi',
      logsource: {},
    });
    const local = parser.parse('{"timestamp":"2026-11-21 10:00:00","source":{"ip":"not an ip"}}');
    expect(local.ok && local.event['@timestamp']).toBe('2026-11-21T02:00:00.000Z');
    expect(local.ok && local.event.source).toBeUndefined();
    const none = parser.parse('{"a":1}');
    expect(none.ok && none.event['@timestamp']).toBe(RECEIVED.toISOString());
  });

  it('reports records that are not one JSON object, with the reason', () => {
    expect(parser.parse('')).toEqual({ ok: false, error: 'empty record' });
    expect(parser.parse('[1,2]')).toEqual({ ok: false, error: 'record is not a JSON object' });
    expect(parser.parse('{"a":')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid JSON: /),
    });
    expect(parser.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`)).toEqual({
      ok: false,
      error: 'JSON nested deeper than 64 levels',
    });
  });

  it('counts nesting outside strings only, escaped quotes included', () => {
    const brackets = '[{'.repeat(100);
    const inString = parser.parse(JSON.stringify({ a: brackets, b: `\\"${brackets}`, c: '\\' }));
    expect(inString.ok && inString.event.original).toEqual({ a: brackets, b: `\\"${brackets}`, c: '\\' });
    const deep = `{"a":"\\\\","b":${'['.repeat(70)}${']'.repeat(70)}}`;
    expect(parser.parse(deep)).toEqual({ ok: false, error: 'JSON nested deeper than 64 levels' });
    const shallow = `{"a":"\\"","b":${'['.repeat(60)}${']'.repeat(60)}}`;
    expect(parser.parse(shallow).ok).toBe(true);
  });

  it('refuses an unknown time zone when created, not per record', () => {
    expect(() => createParser('ndjson', { timezone: 'Mars/Olympus' })).toThrow(/unknown time zone/);
  });
});
