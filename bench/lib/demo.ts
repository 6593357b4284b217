import { ApiClient } from '../../e2e/support/api.ts';
import { type RunningServer, startServer } from '../../e2e/support/server.ts';

export interface DemoServer {
  server: RunningServer;
  /** The demo's administrator, signed in (authenticator enrolled) over the API. */
  admin: ApiClient;
  /** Milliseconds from spawning `serve --demo` to a healthy /api/v1/health. */
  startMs: number;
}

/**
 * The administrator login that the first `serve` prints once. Read from the server's output, so the
 * benchmark signs in exactly as an operator following the README would.
 */
export async function printedAdminLogin(
  server: RunningServer,
): Promise<{ username: string; password: string }> {
  const username = await server.waitForOutput(/username\s*[:：=]\s*(\S+)/i, 15_000);
  const password = await server.waitForOutput(/password\s*[:：=]\s*(\S+)/i, 15_000);
  if (!username[1] || !password[1]) throw new Error('could not read the administrator login from the output');
  return { username: username[1], password: password[1] };
}

/** Starts `serve --demo` on a fresh data directory and signs in as its administrator. */
export async function startDemo(): Promise<DemoServer> {
  const started = Date.now();
  const server = await startServer({ demo: true, startTimeoutMs: 120_000 });
  const startMs = Date.now() - started;
  try {
    const login = await printedAdminLogin(server);
    const admin = new ApiClient(server.url);
    await admin.signIn(login.username, login.password);
    return { server, admin, startMs };
  } catch (err) {
    const output = server.output();
    await server.stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
  }
}
