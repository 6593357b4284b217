import { FilterOutlined } from '@ant-design/icons';
import { ASSET_KINDS, MLPS_LEVELS } from '@shouwang/common';
import { Button, Flex, Grid, Input, Select, TreeSelect } from 'antd';
import { useState } from 'react';
import type { AssetQuery } from '../../api/types.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { TreeData } from '../org/region-tree.ts';

/** Search box and filters of the assets list; each change goes back to page 1. */
export function AssetFilters({
  regionTree,
  onChange,
}: {
  regionTree: TreeData[];
  onChange: (patch: Partial<AssetQuery>) => void;
}) {
  const { t, label } = useI18n();
  // On phones the filters fold away behind a button so the list starts near the top.
  const phone = Grid.useBreakpoint().md === false;
  const [expanded, setExpanded] = useState(false);
  const search = (
    <Input.Search
      allowClear
      placeholder={t('assets.search')}
      onSearch={(q) => onChange({ q: q.trim() || undefined })}
      style={{ width: phone ? undefined : 260, flex: phone ? 1 : undefined, maxWidth: '100%' }}
      data-testid="assets-search"
    />
  );
  if (phone && !expanded) {
    return (
      <Flex gap={8}>
        {search}
        <Button
          icon={<FilterOutlined />}
          onClick={() => setExpanded(true)}
          data-testid="assets-filters-toggle"
        >
          {t('common.filters')}
        </Button>
      </Flex>
    );
  }
  return (
    <Flex wrap gap={8}>
      {search}
      <Select
        allowClear
        placeholder={t('assets.kind')}
        style={{ width: 150 }}
        options={ASSET_KINDS.map((k) => ({ value: k, label: label('assetKind', k) }))}
        onChange={(kind?: AssetQuery['kind']) => onChange({ kind })}
        data-testid="assets-filter-kind"
      />
      <UnitSelect
        placeholder={t('assets.unit')}
        style={{ width: 200 }}
        onChange={(unitId) => onChange({ unitId: unitId ?? undefined })}
      />
      <TreeSelect
        allowClear
        placeholder={t('assets.region')}
        style={{ width: 150 }}
        treeData={regionTree}
        treeDefaultExpandAll
        onChange={(regionId?: number) => onChange({ regionId })}
      />
      <Select
        allowClear
        placeholder={t('assets.isCii')}
        style={{ width: 100 }}
        options={[
          { value: 'true', label: t('common.yes') },
          { value: 'false', label: t('common.no') },
        ]}
        onChange={(v?: string) => onChange({ isCii: v === undefined ? undefined : v === 'true' })}
      />
      <Select
        allowClear
        placeholder={t('assets.mlpsLevel')}
        style={{ width: 120 }}
        options={MLPS_LEVELS.map((l) => ({ value: l, label: t('home.mlpsLevel', { level: l }) }))}
        onChange={(mlpsLevel?: number) => onChange({ mlpsLevel })}
      />
      <Input.Search
        allowClear
        placeholder={t('assets.tagFilter')}
        onSearch={(tag) => onChange({ tag: tag.trim() || undefined })}
        style={{ width: 140 }}
      />
    </Flex>
  );
}
