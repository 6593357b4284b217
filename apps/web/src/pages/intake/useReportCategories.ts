import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import type { CategoryList } from './category-logic.ts';

/** The report categories (shipped and the office's own, active or not) with what the caller may do. */
export function useReportCategories() {
  const showError = useShowError();
  const [list, setList] = useState<CategoryList | null>(null);
  const reload = useCallback(async () => {
    try {
      const { data } = await api.GET('/api/v1/intake/categories');
      setList(data ?? null);
    } catch (err) {
      showError(err);
    }
  }, [showError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { list, items: list?.items ?? [], reload };
}
