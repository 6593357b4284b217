import { ApiClient } from '../../e2e/support/api.ts';
import { printedAdminLogin } from '../../e2e/support/first-admin.ts';
import { type RunningServer, startServer } from '../../e2e/support/server.ts';

export interface DemoServer {
  server: RunningServer;
  /** The demo's administrator, signed in over the API with an enrolled authenticator and a new password. */
  admin: ApiClient;
  /** Milliseconds from spawning `serve --demo` to a healthy /api/v1/health. */
  startMs: number;
}

/**
 * Starts `serve --demo` on a fresh data directory and signs in as the administrator whose one-time
 * login it prints, exactly as an operator following the README would: enrol TOTP, replace the password.
 */
export async function startDemo(): Promise<DemoServer> {
  const started = Date.now();
  const server = await startServer({ demo: true, startTimeoutMs: 120_000 });
  const startMs = Date.now() - started;
  try {
    const login = await printedAdminLogin(server);
    const admin = new ApiClient(server.url);
    await admin.signIn(login.username, login.password);
    await admin.changePassword(login.password, `Bench-${Date.now()}-pw`);
    return { server, admin, startMs };
  } catch (err) {
    const output = server.output();
    await server.stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
  }
}
