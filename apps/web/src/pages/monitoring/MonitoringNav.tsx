import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** Switches between the status wall, the sites table and the monitoring policy. */
export function MonitoringNav() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <Segmented
      data-testid="monitoring-views"
      value={
        pathname.startsWith('/monitoring/sites')
          ? '/monitoring/sites'
          : pathname.startsWith('/monitoring/policy')
            ? '/monitoring/policy'
            : '/monitoring'
      }
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
        {
          value: '/monitoring/policy',
          label: <span data-testid="monitoring-view-policy">{t('monitoring.policy')}</span>,
        },
      ]}
    />
  );
}
