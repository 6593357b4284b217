import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** Switches between the status wall and the sites table. */
export function MonitoringNav() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <Segmented
      data-testid="monitoring-views"
      value={pathname.startsWith('/monitoring/sites') ? '/monitoring/sites' : '/monitoring'}
      onChange={(v) => navigate(String(v))}
      options={[
        {
          value: '/monitoring',
          label: <span data-testid="monitoring-view-wall">{t('monitoring.wall')}</span>,
        },
        {
          value: '/monitoring/sites',
          label: <span data-testid="monitoring-view-sites">{t('monitoring.sites')}</span>,
        },
      ]}
    />
  );
}
