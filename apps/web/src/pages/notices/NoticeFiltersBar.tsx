import { FilterOutlined } from '@ant-design/icons';
import { NOTICE_STATES, SEVERITIES } from '@shouwang/common';
import { Badge, Button, DatePicker, Flex, Grid, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import type { MessageKey } from '../../i18n/catalogs.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import {
  activeFilterCount,
  NOTICE_SOURCES,
  type NoticeFilters,
  type NoticeSort,
  type NoticeSource,
} from './notice-filters.ts';

const SORT_CHOICES: { key: string; sort?: NoticeSort; order?: 'asc' | 'desc'; label: MessageKey }[] = [
  { key: 'default', label: 'notices.sortCreatedDesc' },
  { key: 'due', sort: 'rectifyDueAt', order: 'asc', label: 'notices.sortDueAsc' },
  { key: 'severity', sort: 'severity', order: 'asc', label: 'notices.sortSeverity' },
  { key: 'updated', sort: 'updatedAt', order: 'desc', label: 'notices.sortUpdated' },
  { key: 'doc', sort: 'docNumber', order: 'desc', label: 'notices.sortDocNumber' },
];

/**
 * The notice list's filters, controlled (saved views set them all at once). Each change goes back to
 * page 1. On phones they fold behind a button with a count of the active ones.
 */
export function NoticeFiltersBar({
  value,
  onChange,
  unitLabel,
}: {
  value: NoticeFilters;
  onChange: (next: NoticeFilters) => void;
  unitLabel?: string | null;
}) {
  const { t, label } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const [expanded, setExpanded] = useState(false);
  const [text, setText] = useState(value.q ?? '');
  // A saved view replaces every filter, the search text included.
  useEffect(() => setText(value.q ?? ''), [value.q]);
  const set = (patch: Partial<NoticeFilters>) => onChange({ ...value, ...patch });
  const sortKey = SORT_CHOICES.find(
    (c) => c.sort === value.sort && (!c.sort || c.order === value.order),
  )?.key;

  const search = (
    <Input.Search
      allowClear
      value={text}
      onChange={(e) => setText(e.target.value)}
      placeholder={t('notices.search')}
      onSearch={(q) => set({ q: q.trim() || undefined })}
      style={{ width: phone ? undefined : 240, flex: phone ? 1 : undefined }}
      data-testid="notices-search"
    />
  );
  if (phone && !expanded) {
    return (
      <Flex gap={8}>
        {search}
        <Badge count={activeFilterCount(value)} size="small">
          <Button
            icon={<FilterOutlined />}
            onClick={() => setExpanded(true)}
            data-testid="notices-filters-toggle"
          >
            {t('common.filters')}
          </Button>
        </Badge>
      </Flex>
    );
  }
  const wide = phone ? '100%' : undefined;
  return (
    <Flex wrap gap={8}>
      {search}
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('notices.state')}
        style={{ width: wide ?? 220 }}
        value={value.state ?? []}
        options={NOTICE_STATES.map((s) => ({ value: s, label: label('noticeState', s) }))}
        onChange={(state: string[]) => set({ state: state.length ? state : undefined })}
        data-testid="notices-filter-state"
      />
      <Select
        mode="multiple"
        allowClear
        placeholder={t('notices.severity')}
        style={{ width: wide ?? 180 }}
        value={value.severity ?? []}
        options={SEVERITIES.map((s) => ({ value: s, label: label('severity', s) }))}
        onChange={(severity: string[]) => set({ severity: severity.length ? severity : undefined })}
        data-testid="notices-filter-severity"
      />
      <UnitSelect
        placeholder={t('notices.unit')}
        style={{ width: wide ?? 200 }}
        value={value.unitId ?? null}
        initialLabel={unitLabel}
        onChange={(unitId) => set({ unitId: unitId ?? undefined })}
        testId="notices-filter-unit"
      />
      <Select
        allowClear
        placeholder={t('notices.onlyOverdue')}
        style={{ width: wide ?? 120 }}
        value={value.overdue === undefined ? undefined : String(value.overdue)}
        options={[
          { value: 'true', label: t('notices.overdueYes') },
          { value: 'false', label: t('notices.overdueNo') },
        ]}
        onChange={(v?: string) => set({ overdue: v === undefined ? undefined : v === 'true' })}
        data-testid="notices-filter-overdue"
      />
      <Select
        allowClear
        placeholder={t('notices.source')}
        style={{ width: wide ?? 120 }}
        value={value.source}
        options={NOTICE_SOURCES.map((s) => ({ value: s, label: label('noticeSource', s) }))}
        onChange={(source?: NoticeSource) => set({ source })}
        data-testid="notices-filter-source"
      />
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        placeholder={[t('notices.dateRange'), t('notices.dateRange')]}
        style={{ width: wide ?? 250 }}
        value={[
          value.createdFrom ? dayjs(value.createdFrom) : null,
          value.createdTo ? dayjs(value.createdTo) : null,
        ]}
        onChange={(range) =>
          set({
            createdFrom: range?.[0]?.format('YYYY-MM-DD') ?? undefined,
            createdTo: range?.[1]?.format('YYYY-MM-DD') ?? undefined,
          })
        }
        data-testid="notices-filter-created"
      />
      <Select
        style={{ width: wide ?? 150 }}
        value={sortKey ?? 'default'}
        options={SORT_CHOICES.map((c) => ({ value: c.key, label: t(c.label) }))}
        onChange={(key: string) => {
          const choice = SORT_CHOICES.find((c) => c.key === key);
          set({ sort: choice?.sort, order: choice?.order });
        }}
        data-testid="notices-sort"
      />
    </Flex>
  );
}
