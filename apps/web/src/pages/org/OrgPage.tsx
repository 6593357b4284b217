import { Card, Col, Row } from 'antd';
import { useState } from 'react';
import { useMe } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { RegionPanel } from './RegionPanel.tsx';
import { UnitsPanel } from './UnitsPanel.tsx';
import { useRegions } from './useRegions.ts';

/** Organisation: the region tree beside the units of the selected region. */
export function OrgPage() {
  const { t } = useI18n();
  const me = useMe();
  const regions = useRegions();
  const [regionId, setRegionId] = useState<number | null>(null);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={7}>
        <Card title={t('org.regions')} size="small" extra={<small>{t('org.selectRegionHint')}</small>}>
          <RegionPanel
            tree={regions.tree}
            loading={regions.loading}
            selectedId={regionId}
            onSelect={setRegionId}
            onChanged={regions.reload}
          />
        </Card>
      </Col>
      <Col xs={24} lg={17}>
        <Card title={t('org.units')} size="small">
          <UnitsPanel
            regionId={regionId}
            regionTree={regions.treeData}
            canCreate={me.abilities.administerOrg}
          />
        </Card>
      </Col>
    </Row>
  );
}
