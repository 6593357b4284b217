import { Card, Skeleton, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CalendarSettings } from './CalendarSettings.tsx';

const PolicySettings = lazy(() =>
  import('./PolicySettings.tsx').then((m) => ({ default: m.PolicySettings })),
);
const EscalationSettings = lazy(() =>
  import('./EscalationSettings.tsx').then((m) => ({ default: m.EscalationSettings })),
);
const ChannelSettings = lazy(() =>
  import('./ChannelSettings.tsx').then((m) => ({ default: m.ChannelSettings })),
);

const TABS = ['policy', 'escalation', 'channels', 'calendar'] as const;
type Tab = (typeof TABS)[number];

/** The office administrators' settings of the notice loop, one tab per concern, the tab in the URL. */
export function SettingsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const params = useParams();
  const tab: Tab = TABS.find((x) => x === params.tab) ?? 'policy';
  const body: Record<Tab, React.ReactNode> = {
    policy: <PolicySettings />,
    escalation: <EscalationSettings />,
    channels: <ChannelSettings />,
    calendar: <CalendarSettings />,
  };
  return (
    <Card title={t('settings.title')} size="small">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/settings/${key}`)}
        items={TABS.map((key) => ({
          key,
          label: <span data-testid={`settings-tab-${key}`}>{t(`settings.${key}`)}</span>,
          children: <Suspense fallback={<Skeleton active />}>{tab === key ? body[key] : null}</Suspense>,
        }))}
      />
    </Card>
  );
}
