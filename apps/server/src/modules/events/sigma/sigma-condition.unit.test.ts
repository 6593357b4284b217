import { describe, expect, it } from 'vitest';
import { parseCondition } from './sigma-condition.ts';
import { engineFor, matches, rejection, ruleYaml } from './sigma-test-helpers.ts';

const IDS = 'a:\n  A: 1\nb:\n  B: 1\nc:\n  C: 1\n';
const when = (condition: string, event: Record<string, number>) =>
  matches(`${IDS}condition: ${condition}`, event);

describe('condition grammar', () => {
  it('and, or, not', () => {
    expect(when('a and b', { A: 1, B: 1 })).toBe(true);
    expect(when('a and b', { A: 1 })).toBe(false);
    expect(when('a or b', { B: 1 })).toBe(true);
    expect(when('a or b', { C: 1 })).toBe(false);
    expect(when('not a', { B: 1 })).toBe(true);
    expect(when('not a', { A: 1 })).toBe(false);
    expect(when('a and not b', { A: 1, B: 1 })).toBe(false);
  });
  it('not binds tighter than and, and tighter than or', () => {
    // a or b and c  ==  a or (b and c)
    expect(when('a or b and c', { A: 1 })).toBe(true);
    expect(when('a or b and c', { B: 1 })).toBe(false);
    // not a and b  ==  (not a) and b
    expect(when('not a and b', { B: 1 })).toBe(true);
    expect(when('not a and b', { A: 1, B: 1 })).toBe(false);
    expect(parseCondition('not a and b or c', ['a', 'b', 'c'])).toEqual({
      kind: 'or',
      items: [
        {
          kind: 'and',
          items: [
            { kind: 'not', item: { kind: 'ref', name: 'a' } },
            { kind: 'ref', name: 'b' },
          ],
        },
        { kind: 'ref', name: 'c' },
      ],
    });
  });
  it('parentheses override precedence, nested', () => {
    expect(when('(a or b) and c', { A: 1 })).toBe(false);
    expect(when('(a or b) and c', { A: 1, C: 1 })).toBe(true);
    expect(when('not (a or b)', { C: 1 })).toBe(true);
    expect(when('not ((a) or (b and c))', { B: 1, C: 1 })).toBe(false);
  });
  it('keywords are case-insensitive', () => {
    expect(when('a AND NOT b', { A: 1 })).toBe(true);
  });
  it('1 of / all of a name pattern, them, any of and N of', () => {
    const rule =
      'selection_x:\n  X: 1\nselection_y:\n  Y: 1\nfilter_z:\n  Z: 1\n_hidden:\n  H: 1\ncondition: COND';
    const m = (cond: string, e: Record<string, number>) => matches(rule.replace('COND', cond), e);
    expect(m('1 of selection_*', { Y: 1 })).toBe(true);
    expect(m('1 of selection_*', { Z: 1 })).toBe(false);
    expect(m('all of selection_*', { X: 1 })).toBe(false);
    expect(m('all of selection_*', { X: 1, Y: 1 })).toBe(true);
    expect(m('1 of them', { Z: 1 })).toBe(true);
    expect(m('all of them', { X: 1, Y: 1, Z: 1 })).toBe(true);
    // identifiers starting with _ are not part of "them"
    expect(m('1 of them', { H: 1 })).toBe(false);
    expect(m('any of selection_*', { X: 1 })).toBe(true);
    expect(m('2 of them', { X: 1, Z: 1 })).toBe(true);
    expect(m('2 of them', { X: 1 })).toBe(false);
    expect(m('all of selection_* and not 1 of filter_*', { X: 1, Y: 1, Z: 1 })).toBe(false);
    expect(m('1 of selection_? and _hidden', { X: 1, H: 1 })).toBe(true);
  });
  it('a list of conditions means any of them', () => {
    const yaml = ruleYaml(`${IDS}condition:\n  - a and b\n  - c`);
    const engine = engineFor(yaml);
    expect(engine.match({ C: 1 })).toHaveLength(1);
    expect(engine.match({ A: 1 })).toHaveLength(0);
  });
  it('reports bad conditions with the reason', () => {
    expect(rejection(`${IDS}condition: a and`)).toMatch(/ends unexpectedly/);
    expect(rejection(`${IDS}condition: (a or b`)).toMatch(/missing "\)"/);
    expect(rejection(`${IDS}condition: a b`)).toMatch(/trailing/);
    expect(rejection(`${IDS}condition: a and zz`)).toMatch(/unknown search identifier "zz"/);
    expect(rejection(`${IDS}condition: 1 of sel_*`)).toMatch(/names no search identifier/);
    expect(rejection(`${IDS}condition: a | count() > 5`)).toMatch(/correlation rule/);
    expect(rejection(`${IDS}condition: ''`)).toMatch(/empty|no condition/);
    expect(rejection(`${IDS}condition: a)`)).toMatch(/unexpected/);
  });
});

describe('log-source routing', () => {
  const yaml = [
    'title: win\nid: w\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n  s:\n    X: 1\n  condition: s',
    'title: linux\nid: l\nlogsource:\n  product: linux\ndetection:\n  s:\n    X: 1\n  condition: s',
    'title: any\nid: a\ndetection:\n  s:\n    X: 1\n  condition: s',
  ].join('\n---\n');

  it('an event meets only the rules of its source', () => {
    const engine = engineFor(yaml);
    const ids = (logsource: object | undefined) =>
      engine.match({ X: 1, ...(logsource ? { logsource } : {}) }).map((m) => m.ruleId);
    expect(ids({ product: 'windows', category: 'process_creation' })).toEqual(['w', 'a']);
    expect(ids({ product: 'Linux', category: 'process_creation' })).toEqual(['l', 'a']);
    expect(ids({ product: 'windows', category: 'registry_set' })).toEqual(['a']);
    // without a log source an event meets every rule
    expect(ids(undefined)).toEqual(['w', 'l', 'a']);
  });
  it('a custom classifier decides the source', () => {
    const engine = engineFor(yaml, { logsourceOf: (e) => (e.os === 'linux' ? { product: 'linux' } : null) });
    expect(engine.match({ X: 1, os: 'linux' }).map((m) => m.ruleId)).toEqual(['l', 'a']);
  });
});

describe('loader', () => {
  it('reports documents that are not rules, never silently dropping them', () => {
    const engine = engineFor(
      'title: t\ndetection:\n  condition: x\n---\nfoo: [unclosed\n---\n- a list\n---\nid: 1\n',
    );
    const reasons = engine.unsupported.map((u) => u.reason);
    expect(reasons).toHaveLength(4);
    expect(reasons.some((r) => /unknown search identifier "x"/.test(r))).toBe(true);
    expect(reasons.some((r) => r.startsWith('YAML'))).toBe(true);
    expect(reasons).toContain('a rule document must be a map');
    expect(reasons).toContain('the rule has no title');
  });
  it('applies legacy action: global to the documents that follow', () => {
    const yaml =
      'action: global\ntitle: shared\nlogsource:\n  category: test\ndetection:\n  condition: s\n---\nid: one\ndetection:\n  s:\n    A: 1\n---\nid: two\ndetection:\n  s:\n    B: 1\n';
    const engine = engineFor(yaml);
    expect(engine.unsupported).toEqual([]);
    expect(engine.match({ A: 1 }).map((m) => m.ruleId)).toEqual(['one']);
    expect(engine.match({ B: 1 }).map((m) => m.ruleId)).toEqual(['two']);
  });
});
