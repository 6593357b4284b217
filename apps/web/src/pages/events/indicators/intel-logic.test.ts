import { describe, expect, it } from 'vitest';
import { translator } from '../../../i18n/catalogs.ts';
import { anyImporting, levelName, progressPercent } from './intel-logic.ts';

describe('intel page logic', () => {
  it('turns import phases into a rising percentage', () => {
    expect(progressPercent({ progress: null })).toBeNull();
    expect(progressPercent({ progress: { phase: 'queued', done: 0, total: 0 } })).toBeNull();
    const fetching = progressPercent({ progress: { phase: 'fetching', done: 5, total: 10 } });
    const storing = progressPercent({ progress: { phase: 'storing', done: 5, total: 10 } });
    const done = progressPercent({ progress: { phase: 'storing', done: 10, total: 10 } });
    expect(fetching).toBe(15);
    expect(storing).toBe(68);
    expect(done).toBe(100);
  });

  it('polls while an import is queued or running', () => {
    expect(anyImporting([{ importState: null, progress: null }])).toBe(false);
    expect(
      anyImporting([
        { importState: null, progress: null },
        { importState: 'queued', progress: null },
      ]),
    ).toBe(true);
  });

  it("names levels in the reader's language and leaves unknown ones as they are", () => {
    expect(levelName(translator('zh-CN'), 'high')).toBe('高');
    expect(levelName(translator('en-US'), 'critical')).not.toBe('critical');
    expect(levelName(translator('zh-CN'), 'weird')).toBe('weird');
  });
});
