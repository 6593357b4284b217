import { Flex, Segmented, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../i18n/I18nProvider.tsx';

const VIEWS = [
  { path: '/topics', key: 'topics.view.board' },
  { path: '/topics/list', key: 'topics.view.list' },
  { path: '/topics/feeds', key: 'topics.view.feeds' },
  { path: '/topics/import', key: 'topics.view.import' },
  { path: '/topics/risk', key: 'topics.view.risk' },
  { path: '/topics/settings', key: 'topics.view.settings' },
] as const;

/** The title and view switcher shared by the topic pages. */
export function TopicsHeader() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = VIEWS.find((v) => v.path !== '/topics' && pathname.startsWith(v.path))?.path ?? '/topics';
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Flex vertical>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('topics.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('topics.boundary')}</Typography.Text>
      </Flex>
      <Segmented
        data-testid="topics-views"
        value={current}
        onChange={(v) => navigate(String(v))}
        options={VIEWS.map((v) => ({
          value: v.path,
          label: <span data-testid={`topics-view-${v.key.split('.').at(-1)}`}>{t(v.key)}</span>,
        }))}
      />
    </Flex>
  );
}
