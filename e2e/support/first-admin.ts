import type { RunningServer } from './server.ts';

export interface Login {
  username: string;
  password: string;
}

/**
 * The first administrator's one-time login, read from the box the first `serve` prints on an empty
 * database (`User: …` / `Password: …`) — the path an operator follows from the README.
 */
export async function printedAdminLogin(server: RunningServer, timeoutMs = 15_000): Promise<Login> {
  const user = await server.waitForOutput(/^\W*User:\s+(\S+)/m, timeoutMs);
  const password = await server.waitForOutput(/^\W*Password:\s+(\S+)/m, timeoutMs);
  if (!user[1] || !password[1]) throw new Error(`no first-admin login in the output:\n${server.output()}`);
  return { username: user[1], password: password[1] };
}
