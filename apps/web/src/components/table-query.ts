export interface PageQuery<S extends string = string> {
  page?: number;
  pageSize?: number;
  sort?: S;
  order?: 'asc' | 'desc';
}

interface SorterLike {
  field?: unknown;
  columnKey?: unknown;
  order?: 'ascend' | 'descend' | null;
}

/**
 * Turns an antd Table change (pagination and one sorter) into the API's page/sort parameters. Only the
 * sort keys the API accepts are passed on; others clear the sort.
 */
export function tableChangeToQuery<S extends string>(
  pagination: { current?: number; pageSize?: number },
  sorter: SorterLike | SorterLike[],
  sortable: readonly S[],
): PageQuery<S> {
  const one = Array.isArray(sorter) ? sorter[0] : sorter;
  const key = String(one?.columnKey ?? one?.field ?? '');
  const patch: PageQuery<S> = { page: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20 };
  const sortKey = sortable.find((s) => s === key);
  if (one?.order && sortKey) {
    patch.sort = sortKey;
    patch.order = one.order === 'ascend' ? 'asc' : 'desc';
  } else {
    patch.sort = undefined;
    patch.order = undefined;
  }
  return patch;
}

/** The antd sortOrder of a column from the current query. */
export function sortOrderOf(
  query: { sort?: string; order?: 'asc' | 'desc' },
  key: string,
): 'ascend' | 'descend' | null {
  if (query.sort !== key) return null;
  return query.order === 'desc' ? 'descend' : 'ascend';
}

/** Drops empty filter values so they are not sent ('' from a cleared input, null from a cleared select). */
export function compactQuery<Q extends object>(query: Q): Partial<Q> {
  const out: Partial<Q> = {};
  for (const key of Object.keys(query) as (keyof Q)[]) {
    const value = query[key];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}
