import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Region } from '../../api/types.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { buildRegionTree, toTreeData } from './region-tree.ts';

/** The caller's region tree, loaded once per mount, with a reload for after edits. */
export function useRegions() {
  const { locale } = useI18n();
  const showError = useShowError();
  const [regions, setRegions] = useState<Region[]>([]);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const { data } = await api.GET('/api/v1/regions');
      setRegions(data ?? []);
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  }, [showError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const tree = useMemo(() => buildRegionTree(regions, locale), [regions, locale]);
  const treeData = useMemo(() => toTreeData(tree), [tree]);
  return { regions, tree, treeData, loading, reload };
}
