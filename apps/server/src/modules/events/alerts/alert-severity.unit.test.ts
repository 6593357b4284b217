import { describe, expect, it } from 'vitest';
import { alertSeverity, meetsFindingLevel } from './alert-severity.ts';

const plain = { isCii: false, mlpsLevel: null };

describe('alert severity policy', () => {
  it('grades by rule level on an ordinary asset', () => {
    expect(alertSeverity('critical', plain)).toBe('II');
    expect(alertSeverity('high', plain)).toBe('III');
    expect(alertSeverity('medium', plain)).toBe('IV');
    expect(alertSeverity('low', plain)).toBe('IV');
  });
  it('never makes informational rules findings', () => {
    expect(alertSeverity('informational', { isCii: true, mlpsLevel: 4 })).toBeNull();
  });
  it('puts critical information infrastructure one step up (CII first)', () => {
    expect(alertSeverity('critical', { isCii: true, mlpsLevel: null })).toBe('I');
    expect(alertSeverity('high', { isCii: true, mlpsLevel: null })).toBe('II');
    expect(alertSeverity('medium', { isCii: true, mlpsLevel: null })).toBe('III');
  });
  it('raises high and critical rules on 等保 level 3+ systems, not lower ones', () => {
    expect(alertSeverity('high', { isCii: false, mlpsLevel: 3 })).toBe('II');
    expect(alertSeverity('high', { isCii: false, mlpsLevel: 2 })).toBe('III');
    expect(alertSeverity('medium', { isCii: false, mlpsLevel: 4 })).toBe('IV');
  });
  it('reads unknown levels as medium, case-insensitively', () => {
    expect(alertSeverity('HIGH', plain)).toBe('III');
    expect(alertSeverity('whatever', plain)).toBe('IV');
  });
  it('compares levels against the finding threshold', () => {
    expect(meetsFindingLevel('high', 'high')).toBe(true);
    expect(meetsFindingLevel('critical', 'high')).toBe(true);
    expect(meetsFindingLevel('medium', 'high')).toBe(false);
    expect(meetsFindingLevel('low', 'low')).toBe(true);
  });
});
