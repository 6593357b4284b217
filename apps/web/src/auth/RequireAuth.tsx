import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Me } from '../api/types.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useAuth } from './AuthProvider.tsx';

export function FullPageSpin() {
  return (
    <div style={{ display: 'flex', height: '100vh', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/**
 * Lets signed-in users through. Others go to the login page, which returns them here afterwards; users
 * who must replace their password are held on the change-password page.
 */
export function RequireAuth({
  children,
  allowPasswordChange = false,
}: {
  children: ReactNode;
  allowPasswordChange?: boolean;
}) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    const search = new URLSearchParams();
    if (next !== '/') search.set('next', next);
    if (state.expired) search.set('expired', '1');
    const qs = search.toString();
    return <Navigate to={`/login${qs ? `?${qs}` : ''}`} replace />;
  }
  const mustChange = state.me.mustChangePassword || state.me.passwordExpired;
  if (mustChange && !allowPasswordChange) return <Navigate to="/password" replace />;
  return children;
}

export type Ability = keyof Me['abilities'];

/** Renders the page only for users with the ability; the server enforces it either way. */
export function RequireAbility({ me, ability, children }: { me: Me; ability: Ability; children: ReactNode }) {
  const { t } = useI18n();
  if (!me.abilities[ability]) return <Result status="403" title="403" subTitle={t('common.notAllowed')} />;
  return children;
}
