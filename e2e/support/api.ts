import { TotpDevice } from './totp.ts';

const SESSION_COOKIE = 'sw_session';

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(method: string, path: string, status: number, body: unknown) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

interface LoginAnswer {
  next: 'done' | 'totp' | 'totp_enrol';
}

/**
 * A signed-in API caller with its own session cookie, for seeding data and for benchmarks. It signs
 * in exactly as the web app does: password, then enrolment or an authenticator code.
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly locale: string;
  private session: string | null = null;
  /** The authenticator enrolled (or given) at sign-in; null until then. */
  device: TotpDevice | null = null;

  constructor(baseUrl: string, locale = 'zh-CN') {
    this.baseUrl = baseUrl;
    this.locale = locale;
  }

  /** The session cookie value, to hand a signed-in session to a browser context. */
  get sessionToken(): string | null {
    return this.session;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'accept-language': this.locale };
    if (this.session) headers.cookie = `${SESSION_COOKIE}=${this.session}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name, ...value] = pair.split('=');
      if (name?.trim() === SESSION_COOKIE) this.session = value.join('=') || null;
    }
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(method, path, response.status, parsed);
    // The caller names the documented response shape; specs assert on the fields they rely on.
    return parsed as T;
  }

  /**
   * Signs in with a password and completes the second factor: enrols a new authenticator when the
   * server asks for enrolment, or answers with `device` when one is already enrolled.
   */
  async signIn(username: string, password: string, device?: TotpDevice): Promise<void> {
    const login = await this.request<LoginAnswer>('POST', '/api/v1/auth/login', { username, password });
    let next = login.next;
    if (next === 'totp_enrol') {
      const enrolment = await this.request<{ secret: string }>('GET', '/api/v1/auth/totp/enrolment');
      this.device = new TotpDevice(enrolment.secret);
      const code = await this.device.nextCode();
      next = (await this.request<LoginAnswer>('POST', '/api/v1/auth/totp/enrolment', { code })).next;
    } else if (next === 'totp') {
      if (!device) throw new Error(`${username} has an authenticator enrolled; pass its TotpDevice`);
      this.device = device;
      next = (await this.request<LoginAnswer>('POST', '/api/v1/auth/totp', { code: await device.nextCode() }))
        .next;
    }
    if (next !== 'done') throw new Error(`sign-in of ${username} did not finish (next: ${next})`);
  }

  /** Replaces the password (required before anything else when the account still has its initial one). */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.request('POST', '/api/v1/auth/password', { currentPassword, newPassword });
  }
}
