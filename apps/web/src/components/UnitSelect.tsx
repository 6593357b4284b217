import { Select } from 'antd';
import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { Unit } from '../api/types.ts';

interface UnitSelectProps {
  value?: number | null;
  onChange?: (id: number | null, unit: Unit | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  testId?: string;
  /** Shown for the current value before a search has loaded it (e.g. the unit name of the edited row). */
  initialLabel?: string | null;
}

/** Picks a unit by typing part of its name; searches the server (jurisdiction-filtered) as you type. */
export function UnitSelect({
  value,
  onChange,
  placeholder,
  allowClear = true,
  style,
  testId,
  initialLabel,
}: UnitSelectProps) {
  const [options, setOptions] = useState<Unit[]>([]);
  const [search, setSearch] = useState('');
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  useEffect(() => {
    const call = ++latest.current;
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .GET('/api/v1/units', {
          params: { query: { q: search.trim() || undefined, pageSize: 30, sort: 'name' } },
        })
        .then(({ data }) => {
          if (call === latest.current) setOptions(data?.items ?? []);
        })
        .catch(() => undefined)
        .finally(() => {
          if (call === latest.current) setLoading(false);
        });
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  const list = options.map((u) => ({ value: u.id, label: `${u.name} · ${u.regionName}` }));
  if (value && initialLabel && !options.some((u) => u.id === value))
    list.unshift({ value, label: initialLabel });

  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      onChange={(id?: number) => onChange?.(id ?? null, options.find((u) => u.id === id) ?? null)}
      options={list}
      loading={loading}
      allowClear={allowClear}
      placeholder={placeholder}
      style={style}
      data-testid={testId}
    />
  );
}
