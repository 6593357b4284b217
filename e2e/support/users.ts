import { ApiClient } from './api.ts';
import type { TotpDevice } from './totp.ts';

export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  regionId: number;
  unitId?: number | null;
}

/**
 * A user made by the administrator over the API who then signs in once and replaces the one-time
 * password with `password`, as a real user must before the web app lets them in. Returns the
 * authenticator enrolled at that sign-in, which the browser needs for its own sign-in.
 */
export async function createSignedUpUser(
  admin: ApiClient,
  user: NewUser,
  password: string,
): Promise<TotpDevice | null> {
  const created = await admin.request<{ initialPassword?: string }>('POST', '/api/v1/users', {
    ...user,
    unitId: user.unitId ?? null,
  });
  if (!created.initialPassword) throw new Error(`no one-time password for ${user.username}`);
  const client = new ApiClient(admin.baseUrl);
  await client.signIn(user.username, created.initialPassword);
  await client.changePassword(created.initialPassword, password);
  return client.device;
}
