import { useCallback, useEffect, useState } from 'react';
import { useShowError } from './useShowError.tsx';

export interface PagedResult<T> {
  items: T[];
  total: number;
}

/**
 * A server-paged list: holds the query, loads on every change, and ignores answers that arrive after a
 * newer query was made. `load` must be stable (defined outside the component or memoised).
 */
export function usePagedList<T, Q extends { page?: number; pageSize?: number }>(
  load: (query: Q) => Promise<PagedResult<T>>,
  initial: Q,
) {
  const showError = useShowError();
  // A reload makes a new request object with the same query, which re-runs the effect.
  const [request, setRequest] = useState<{ query: Q }>({ query: initial });
  const [result, setResult] = useState<PagedResult<T>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const { query } = request;

  useEffect(() => {
    let current = true;
    setLoading(true);
    load(request.query)
      .then((r) => {
        if (current) setResult(r);
      })
      .catch((err: unknown) => {
        if (current) showError(err);
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [load, request, showError]);

  /** Changes filters; unless the patch sets a page, goes back to page 1. */
  const setQuery = useCallback((patch: Partial<Q>) => {
    setRequest((r) => ({ query: { ...r.query, page: 1, ...patch } }));
  }, []);
  const reload = useCallback(() => setRequest((r) => ({ query: r.query })), []);

  return { query, setQuery, items: result.items, total: result.total, loading, reload };
}
