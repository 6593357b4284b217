import { App as AntdApp } from 'antd';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider } from '../auth/AuthProvider.tsx';
import { FullPageSpin, RequireAuth } from '../auth/RequireAuth.tsx';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';

// Every page is its own chunk: the login page and the dashboard load only what they use.
const LoginPage = lazy(() => import('../pages/login/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const ForcedPasswordPage = lazy(() =>
  import('../pages/account/ForcedPasswordPage.tsx').then((m) => ({ default: m.ForcedPasswordPage })),
);
const AppLayout = lazy(() => import('../layout/AppLayout.tsx').then((m) => ({ default: m.AppLayout })));
const HomePage = lazy(() => import('../pages/home/HomePage.tsx').then((m) => ({ default: m.HomePage })));
const OrgPage = lazy(() => import('../pages/org/OrgPage.tsx').then((m) => ({ default: m.OrgPage })));
const UsersPage = lazy(() => import('../pages/users/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const AssetsPage = lazy(() =>
  import('../pages/assets/AssetsPage.tsx').then((m) => ({ default: m.AssetsPage })),
);
const TokensPage = lazy(() =>
  import('../pages/tokens/TokensPage.tsx').then((m) => ({ default: m.TokensPage })),
);
const AuditPage = lazy(() => import('../pages/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const AccountPage = lazy(() =>
  import('../pages/account/AccountPage.tsx').then((m) => ({ default: m.AccountPage })),
);
const NoticesPage = lazy(() =>
  import('../pages/notices/NoticesPage.tsx').then((m) => ({ default: m.NoticesPage })),
);
const NoticePage = lazy(() =>
  import('../pages/notices/NoticePage.tsx').then((m) => ({ default: m.NoticePage })),
);
const NoticeCreatePage = lazy(() =>
  import('../pages/notices/NoticeFormPage.tsx').then((m) => ({ default: m.NoticeCreatePage })),
);
const NoticeEditPage = lazy(() =>
  import('../pages/notices/NoticeFormPage.tsx').then((m) => ({ default: m.NoticeEditPage })),
);
const UnitInboxPage = lazy(() =>
  import('../pages/notices/UnitInboxPage.tsx').then((m) => ({ default: m.UnitInboxPage })),
);
const NotificationsPage = lazy(() =>
  import('../pages/notices/NotificationsPage.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const FindingsPage = lazy(() =>
  import('../pages/findings/FindingsPage.tsx').then((m) => ({ default: m.FindingsPage })),
);
const SettingsPage = lazy(() =>
  import('../pages/settings/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })),
);
const MonitoringWallPage = lazy(() =>
  import('../pages/monitoring/MonitoringWallPage.tsx').then((m) => ({ default: m.MonitoringWallPage })),
);
const MonitoringSitesPage = lazy(() =>
  import('../pages/monitoring/MonitoringSitesPage.tsx').then((m) => ({ default: m.MonitoringSitesPage })),
);
const MonitorSitePage = lazy(() =>
  import('../pages/monitoring/MonitorSitePage.tsx').then((m) => ({ default: m.MonitorSitePage })),
);
const MonitoringPolicyPage = lazy(() =>
  import('../pages/monitoring/MonitoringPolicyPage.tsx').then((m) => ({ default: m.MonitoringPolicyPage })),
);
const TopicBoardPage = lazy(() =>
  import('../pages/topics/TopicBoardPage.tsx').then((m) => ({ default: m.TopicBoardPage })),
);
const TopicsListPage = lazy(() =>
  import('../pages/topics/TopicsListPage.tsx').then((m) => ({ default: m.TopicsListPage })),
);
const TopicPage = lazy(() => import('../pages/topics/TopicPage.tsx').then((m) => ({ default: m.TopicPage })));
const TopicFeedsPage = lazy(() =>
  import('../pages/topics/TopicFeedsPage.tsx').then((m) => ({ default: m.TopicFeedsPage })),
);
const TopicImportPage = lazy(() =>
  import('../pages/topics/TopicImportPage.tsx').then((m) => ({ default: m.TopicImportPage })),
);
const TopicSettingsPage = lazy(() =>
  import('../pages/topics/TopicSettingsPage.tsx').then((m) => ({ default: m.TopicSettingsPage })),
);
const RiskAssessmentsPage = lazy(() =>
  import('../pages/topics/RiskAssessmentsPage.tsx').then((m) => ({ default: m.RiskAssessmentsPage })),
);
const AlertsPage = lazy(() =>
  import('../pages/events/AlertsPage.tsx').then((m) => ({ default: m.AlertsPage })),
);
const AlertPage = lazy(() => import('../pages/events/AlertPage.tsx').then((m) => ({ default: m.AlertPage })));
const RulesPage = lazy(() => import('../pages/events/RulesPage.tsx').then((m) => ({ default: m.RulesPage })));
const SuppressionsPage = lazy(() =>
  import('../pages/events/SuppressionsPage.tsx').then((m) => ({ default: m.SuppressionsPage })),
);
const SourcesPage = lazy(() =>
  import('../pages/events/SourcesPage.tsx').then((m) => ({ default: m.SourcesPage })),
);
const IndicatorsPage = lazy(() =>
  import('../pages/events/indicators/IndicatorsPage.tsx').then((m) => ({ default: m.IndicatorsPage })),
);
const RawEventsPage = lazy(() =>
  import('../pages/events/RawEventsPage.tsx').then((m) => ({ default: m.RawEventsPage })),
);
const CasesPage = lazy(() => import('../pages/intake/CasesPage.tsx').then((m) => ({ default: m.CasesPage })));
const CasePage = lazy(() => import('../pages/intake/CasePage.tsx').then((m) => ({ default: m.CasePage })));
const MyCasesPage = lazy(() =>
  import('../pages/intake/MyCasesPage.tsx').then((m) => ({ default: m.MyCasesPage })),
);
const IntakeDashboardPage = lazy(() =>
  import('../pages/intake/IntakeDashboardPage.tsx').then((m) => ({ default: m.IntakeDashboardPage })),
);
const IntakeSettingsPage = lazy(() =>
  import('../pages/intake/IntakeSettingsPage.tsx').then((m) => ({ default: m.IntakeSettingsPage })),
);
const NotFoundPage = lazy(() =>
  import('../pages/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })),
);

export function App() {
  return (
    <I18nProvider>
      <AntdApp>
        <ErrorBoundary>
          <AuthProvider>
            <BrowserRouter>
              <Suspense fallback={<FullPageSpin />}>
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  <Route
                    path="/password"
                    element={
                      <RequireAuth allowPasswordChange>
                        <ForcedPasswordPage />
                      </RequireAuth>
                    }
                  />
                  <Route
                    element={
                      <RequireAuth>
                        <AppLayout />
                      </RequireAuth>
                    }
                  >
                    <Route index element={<HomePage />} />
                    <Route path="org" element={<OrgPage />} />
                    <Route path="users" element={<UsersPage />} />
                    <Route path="assets" element={<AssetsPage />} />
                    <Route path="tokens" element={<TokensPage />} />
                    <Route path="audit" element={<AuditPage />} />
                    <Route path="account" element={<AccountPage />} />
                    <Route path="notices" element={<NoticesPage />} />
                    <Route path="notices/new" element={<NoticeCreatePage />} />
                    <Route path="notices/:id" element={<NoticePage />} />
                    <Route path="notices/:id/edit" element={<NoticeEditPage />} />
                    <Route path="my-notices" element={<UnitInboxPage />} />
                    <Route path="cases" element={<CasesPage />} />
                    <Route path="cases/dashboard" element={<IntakeDashboardPage />} />
                    <Route path="cases/settings" element={<IntakeSettingsPage />} />
                    <Route path="cases/:id" element={<CasePage />} />
                    <Route path="my-cases" element={<MyCasesPage />} />
                    <Route path="notifications" element={<NotificationsPage />} />
                    <Route path="findings" element={<FindingsPage />} />
                    <Route path="settings" element={<SettingsPage />} />
                    <Route path="settings/:tab" element={<SettingsPage />} />
                    <Route path="monitoring" element={<MonitoringWallPage />} />
                    <Route path="monitoring/sites" element={<MonitoringSitesPage />} />
                    <Route path="monitoring/sites/:id" element={<MonitorSitePage />} />
                    <Route path="monitoring/policy" element={<MonitoringPolicyPage />} />
                    <Route path="topics" element={<TopicBoardPage />} />
                    <Route path="topics/list" element={<TopicsListPage />} />
                    <Route path="topics/feeds" element={<TopicFeedsPage />} />
                    <Route path="topics/import" element={<TopicImportPage />} />
                    <Route path="topics/risk" element={<RiskAssessmentsPage />} />
                    <Route path="topics/settings" element={<TopicSettingsPage />} />
                    <Route path="topics/:id" element={<TopicPage />} />
                    <Route path="events" element={<Navigate to="/events/alerts" replace />} />
                    <Route path="events/alerts" element={<AlertsPage />} />
                    <Route path="events/alerts/:id" element={<AlertPage />} />
                    <Route path="events/rules" element={<RulesPage />} />
                    <Route path="events/suppressions" element={<SuppressionsPage />} />
                    <Route path="events/sources" element={<SourcesPage />} />
                    <Route path="events/raw" element={<RawEventsPage />} />
                    <Route path="events/indicators" element={<IndicatorsPage />} />
                    <Route path="*" element={<NotFoundPage />} />
                  </Route>
                </Routes>
              </Suspense>
            </BrowserRouter>
          </AuthProvider>
        </ErrorBoundary>
      </AntdApp>
    </I18nProvider>
  );
}
