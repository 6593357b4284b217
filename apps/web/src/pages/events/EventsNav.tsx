import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n/I18nProvider.tsx';

const VIEWS = [
  { path: '/events/alerts', key: 'events.viewAlerts', testId: 'events-view-alerts' },
  { path: '/events/rules', key: 'events.viewRules', testId: 'events-view-rules' },
  { path: '/events/suppressions', key: 'events.viewSuppressions', testId: 'events-view-suppressions' },
] as const;

/** Switches between alerts, detection rules and suppressions. */
export function EventsNav() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = VIEWS.find((v) => pathname.startsWith(v.path))?.path ?? '/events/alerts';
  return (
    <Segmented
      data-testid="events-views"
      value={current}
      onChange={(v) => navigate(String(v))}
      options={VIEWS.map((v) => ({ value: v.path, label: <span data-testid={v.testId}>{t(v.key)}</span> }))}
    />
  );
}
