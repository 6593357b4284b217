import { describe, expect, it } from 'vitest';
import { engineFor, matches, ruleYaml } from './sigma-test-helpers.ts';

const FALLBACKS = { fieldFallbacks: ['winlog.event_data.', 'original.'] } as const;

describe('field fallbacks', () => {
  it('reads a field absent under its own name from the fallback prefixes, in order', () => {
    const detection = 'sel:\n  TargetFilename|endswith: \\evil.dll\ncondition: sel';
    const winlog = { winlog: { event_data: { TargetFilename: 'C:\\Temp\\evil.dll' } } };
    const original = { original: { TargetFilename: 'C:\\Temp\\evil.dll' } };
    expect(matches(detection, winlog, FALLBACKS)).toBe(true);
    expect(matches(detection, original, FALLBACKS)).toBe(true);
    // Without the option the engine reads only the field's own name.
    expect(matches(detection, winlog)).toBe(false);
    // The first path present wins: a benign winlog value hides a malicious one further down.
    const both = {
      winlog: { event_data: { TargetFilename: 'C:\\ok.txt' } },
      original: { TargetFilename: 'x\\evil.dll' },
    };
    expect(matches(detection, both, FALLBACKS)).toBe(false);
  });

  it('tries mapped paths before fallbacks', () => {
    const options = { ...FALLBACKS, fieldMappings: { 'cs-uri-query': ['cs-uri-query', 'url.query'] } };
    const detection = 'sel:\n  cs-uri-query|contains: union\ncondition: sel';
    expect(matches(detection, { url: { query: 'id=1 union select' } }, options)).toBe(true);
    expect(matches(detection, { original: { 'cs-uri-query': 'id=1 union select' } }, options)).toBe(true);
    expect(
      matches(detection, { url: { query: 'id=1' }, original: { 'cs-uri-query': 'union' } }, options),
    ).toBe(false);
  });

  it('applies to exists, null and correlation group-by fields', () => {
    expect(
      matches(
        'sel:\n  ServiceName|exists: true\ncondition: sel',
        { original: { ServiceName: 'x' } },
        FALLBACKS,
      ),
    ).toBe(true);
    expect(
      matches('sel:\n  ServiceName: null\ncondition: sel', { original: { ServiceName: 'x' } }, FALLBACKS),
    ).toBe(false);
    const yaml = `${ruleYaml('sel:\n  Action: deny\ncondition: sel', 'name: deny\n')}---
title: Many denies
id: many-denies
correlation:
  type: event_count
  rules: [deny]
  group-by: [SrcIp]
  timespan: 1m
  condition: { gte: 2 }
`;
    const engine = engineFor(yaml, FALLBACKS);
    expect(engine.unsupported).toEqual([]);
    const ev = (ip: string) => ({ logsource: { category: 'test' }, original: { Action: 'deny', SrcIp: ip } });
    expect(engine.correlate(ev('10.0.0.1'), 0)).toEqual([]);
    expect(engine.correlate(ev('10.0.0.2'), 1000)).toEqual([]);
    const fired = engine.correlate(ev('10.0.0.1'), 2000);
    expect(fired).toHaveLength(1);
    expect(fired[0]?.group).toEqual({ SrcIp: '10.0.0.1' });
  });
});

describe('log-source taxonomy', () => {
  const rule = (category: string) =>
    `title: R\nid: r\nlogsource: { product: windows, category: ${category} }\ndetection:\n  sel:\n    TargetObject|endswith: '\\Run\\x'\n  condition: sel\n`;
  const event = (category: string) => ({
    logsource: { product: 'windows', category },
    TargetObject: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\x',
  });

  it('a registry_set/add/delete/rename event meets registry_event rules, not the reverse', () => {
    for (const specific of ['registry_set', 'registry_add', 'registry_delete', 'registry_rename']) {
      expect(engineFor(rule('registry_event')).match(event(specific))).toHaveLength(1);
      expect(engineFor(rule(specific)).match(event(specific))).toHaveLength(1);
      expect(engineFor(rule(specific)).match(event('registry_event'))).toHaveLength(0);
    }
    expect(engineFor(rule('registry_event')).match(event('file_event'))).toHaveLength(0);
  });
});
