import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CategoriesPanel } from './CategoriesPanel.tsx';
import { PublicFormPanel } from './PublicFormPanel.tsx';
import { RoutingRulesPanel } from './RoutingRulesPanel.tsx';
import { WorkflowSettingsPanel } from './WorkflowSettingsPanel.tsx';

const TABS = ['routing', 'workflow', 'public', 'categories'] as const;
type Tab = (typeof TABS)[number];
const isTab = (v: string | null): v is Tab => TABS.some((t) => t === v);

/** The office's case settings: routing rules, deadlines and approval, the public form, report categories (?tab=…). */
export function IntakeSettingsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = isTab(raw) ? raw : 'routing';
  return (
    <Card title={t('intake.settings.title')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          {
            key: 'routing',
            label: <span data-testid="intake-settings-tab-routing">{t('intake.settings.routing')}</span>,
            children: <RoutingRulesPanel />,
          },
          {
            key: 'workflow',
            label: <span data-testid="intake-settings-tab-workflow">{t('intake.settings.workflow')}</span>,
            children: <WorkflowSettingsPanel />,
          },
          {
            key: 'public',
            label: <span data-testid="intake-settings-tab-public">{t('intake.settings.publicForm')}</span>,
            children: <PublicFormPanel />,
          },
          {
            key: 'categories',
            label: (
              <span data-testid="intake-settings-tab-categories">{t('intake.settings.categories')}</span>
            ),
            children: <CategoriesPanel />,
          },
        ]}
      />
    </Card>
  );
}
