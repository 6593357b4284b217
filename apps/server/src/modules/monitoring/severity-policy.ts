import type { Severity } from '@shouwang/common';
import type { CheckFinding, FindingType } from './check-types.ts';

/**
 * The severity each monitoring finding is reported with, by type and whether the page is the homepage.
 * Shipped as a table in code (the office's notice policy then decides what is raised at once: by default
 * severity I/II on a homepage is issued immediately). Tampered content is graded by where it shows:
 * on the homepage it is II, elsewhere III. Made configurable per office later.
 */
const TABLE: Record<FindingType, { homepage: Severity; other: Severity }> = {
  defacement: { homepage: 'II', other: 'III' },
  hidden_links: { homepage: 'II', other: 'III' },
  illegal_content: { homepage: 'II', other: 'III' },
  cloaking: { homepage: 'II', other: 'III' },
  site_down: { homepage: 'III', other: 'IV' },
  dns_failure: { homepage: 'III', other: 'IV' },
  http_error: { homepage: 'III', other: 'IV' },
  tls_invalid: { homepage: 'III', other: 'III' },
  // 30 and 7 days ahead: IV; the last day: III (see severityOf).
  tls_expiring: { homepage: 'IV', other: 'IV' },
  tls_weak_protocol: { homepage: 'IV', other: 'IV' },
  security_headers: { homepage: 'IV', other: 'IV' },
  mixed_content: { homepage: 'IV', other: 'IV' },
  icp_missing: { homepage: 'IV', other: 'IV' },
  slow_response: { homepage: 'IV', other: 'IV' },
  broken_links: { homepage: 'IV', other: 'IV' },
};

export function severityOf(finding: Pick<CheckFinding, 'type' | 'isHomepage' | 'evidence'>): Severity {
  if (finding.type === 'tls_expiring') {
    const daysLeft = Number(finding.evidence.daysLeft);
    if (Number.isFinite(daysLeft) && daysLeft <= 1) return 'III';
  }
  const row = TABLE[finding.type];
  return finding.isHomepage ? row.homepage : row.other;
}
