/** One severity scale for findings, incidents, notices and warnings (DOMAIN.md). */
export const SEVERITIES = ['I', 'II', 'III', 'IV'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_COLOUR: Record<Severity, 'red' | 'orange' | 'yellow' | 'blue'> = {
  I: 'red',
  II: 'orange',
  III: 'yellow',
  IV: 'blue',
};
