import { Card, Flex, Segmented, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { FeedsPanel } from './FeedsPanel.tsx';
import { IndicatorList } from './IndicatorList.tsx';

/** Threat intelligence: the indicators (search, filters, detail) and the feeds they come from. */
export function IndicatorsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'feeds' ? 'feeds' : 'indicators';
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('intel.title')}
        </Typography.Title>
        <Segmented
          data-testid="intel-views"
          value={view}
          onChange={(v) => setParams(v === 'feeds' ? { view: 'feeds' } : {})}
          options={[
            {
              value: 'indicators',
              label: <span data-testid="intel-view-indicators">{t('intel.viewIndicators')}</span>,
            },
            { value: 'feeds', label: <span data-testid="intel-view-feeds">{t('intel.viewFeeds')}</span> },
          ]}
        />
      </Flex>
      <Card>{view === 'feeds' ? <FeedsPanel /> : <IndicatorList />}</Card>
    </Flex>
  );
}
