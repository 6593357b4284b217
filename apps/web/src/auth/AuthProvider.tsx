import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, onSignInNeeded } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import type { Me } from '../api/types.ts';

type AuthState =
  | { status: 'loading' }
  | { status: 'signedOut'; expired: boolean }
  | { status: 'signedIn'; me: Me };

interface AuthValue {
  state: AuthState;
  /** Loads the signed-in user (after sign-in, a password change, or a language change). */
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

async function loadMe(): Promise<Me | null> {
  try {
    const { data } = await api.GET('/api/v1/auth/me');
    return data ?? null;
  } catch (err) {
    // Not signed in (or only half: the second factor is pending) means "show the login page".
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    const me = await loadMe();
    setState(me ? { status: 'signedIn', me } : { status: 'signedOut', expired: false });
    return me;
  }, []);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'signedOut', expired: false }));
    // Any request that finds the session gone sends the user back to sign in (see RequireAuth).
    onSignInNeeded(() => {
      setState((prev) => (prev.status === 'signedIn' ? { status: 'signedOut', expired: true } : prev));
    });
    return () => onSignInNeeded(null);
  }, [refresh]);

  const logout = useCallback(async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } finally {
      setState({ status: 'signedOut', expired: false });
    }
  }, []);

  const value = useMemo(() => ({ state, refresh, logout }), [state, refresh, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for pages rendered behind RequireAuth. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useMe needs a signed-in user');
  return state.me;
}
