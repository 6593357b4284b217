import { Flex, Input, Select } from 'antd';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { MONITOR_STATUSES } from './monitoring-logic.ts';
import type { MonitorStatus, SitesQuery } from './monitoring-types.ts';

export interface MonitoringFiltersProps {
  query: SitesQuery;
  setQuery: (patch: Partial<SitesQuery>) => void;
  phone: boolean;
  /** Prefix of the controls' data-testid ("sites" → sites-search, sites-filter-unit, sites-filter-status). */
  testPrefix: string;
}

/** Search, unit and status filters shared by the status wall and the sites table. */
export function MonitoringFilters({ query, setQuery, phone, testPrefix }: MonitoringFiltersProps) {
  const { t, label } = useI18n();
  return (
    <Flex gap={8} wrap>
      <Input.Search
        allowClear
        data-testid={`${testPrefix}-search`}
        placeholder={t('monitoring.search')}
        style={{ width: phone ? '100%' : 280 }}
        onSearch={(q) => setQuery({ q: q.trim() || undefined })}
      />
      <UnitSelect
        testId={`${testPrefix}-filter-unit`}
        placeholder={t('monitoring.filterUnit')}
        value={query.unitId ?? null}
        onChange={(id) => setQuery({ unitId: id ?? undefined })}
        style={{ width: phone ? '100%' : 240 }}
      />
      <Select
        allowClear
        data-testid={`${testPrefix}-filter-status`}
        placeholder={t('monitoring.filterStatus')}
        value={query.status}
        onChange={(status?: MonitorStatus) => setQuery({ status })}
        options={MONITOR_STATUSES.map((s) => ({ value: s, label: label('monitorStatus', s) }))}
        style={{ width: phone ? '100%' : 140 }}
      />
    </Flex>
  );
}
