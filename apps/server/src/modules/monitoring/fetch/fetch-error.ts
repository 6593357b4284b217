/** Why a fetch failed; checks map these to findings (a DNS failure, a site that is down, a refused target). */
export type FetchErrorKind =
  | 'invalid_url'
  | 'dns'
  | 'forbidden_address'
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'too_many_redirects'
  | 'too_large'
  | 'decompression_bomb'
  | 'protocol';

/** The phase of one request in which a failure happened. */
export type FetchPhase = 'url' | 'dns' | 'connect' | 'tls' | 'request' | 'first_byte' | 'body' | 'redirect';

/** A fetch failure with what failed, when, and machine-readable detail for evidence. */
export class MonitorFetchError extends Error {
  readonly kind: FetchErrorKind;
  readonly phase: FetchPhase;
  readonly detail: Record<string, unknown>;
  constructor(
    kind: FetchErrorKind,
    phase: FetchPhase,
    message: string,
    detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MonitorFetchError';
    this.kind = kind;
    this.phase = phase;
    this.detail = detail;
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, phase: this.phase, message: this.message, detail: this.detail };
  }
}
