import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITY_POLICY, severityOf, withSeverityDefaults } from './severity-policy.ts';

describe('severity policy', () => {
  it('grades by type and page with the shipped defaults', () => {
    expect(severityOf({ type: 'hidden_links', isHomepage: true, evidence: {} })).toBe('II');
    expect(severityOf({ type: 'hidden_links', isHomepage: false, evidence: {} })).toBe('III');
    expect(severityOf({ type: 'tls_expiring', isHomepage: true, evidence: { daysLeft: 7 } })).toBe('IV');
    expect(severityOf({ type: 'tls_expiring', isHomepage: true, evidence: { daysLeft: 1 } })).toBe('III');
  });

  it('applies an office policy, including the last-day certificate rule', () => {
    const policy = withSeverityDefaults({
      types: { site_down: { homepage: 'I', other: 'II' } },
      tlsExpiringLastDay: 'I',
    });
    expect(severityOf({ type: 'site_down', isHomepage: true, evidence: {} }, policy)).toBe('I');
    expect(severityOf({ type: 'site_down', isHomepage: false, evidence: {} }, policy)).toBe('II');
    expect(severityOf({ type: 'tls_expiring', isHomepage: false, evidence: { daysLeft: 0 } }, policy)).toBe(
      'I',
    );
    expect(severityOf({ type: 'defacement', isHomepage: true, evidence: {} }, policy)).toBe('II');
  });

  it('fills what a stored policy lacks or gets wrong from the defaults', () => {
    expect(withSeverityDefaults(null)).toEqual(DEFAULT_SEVERITY_POLICY);
    expect(withSeverityDefaults('garbage')).toEqual(DEFAULT_SEVERITY_POLICY);
    const p = withSeverityDefaults({
      types: { cloaking: { homepage: 'V', other: 'I' }, unknown_type: { homepage: 'I', other: 'I' } },
      tlsExpiringLastDay: 7,
    });
    expect(p.types.cloaking).toEqual({ homepage: 'II', other: 'I' });
    expect(p.tlsExpiringLastDay).toBe('III');
    expect(Object.keys(p.types).sort()).toEqual(Object.keys(DEFAULT_SEVERITY_POLICY.types).sort());
  });
});
