export interface RegionLike {
  id: number;
  parentId: number | null;
  name: string;
  path: string;
}

export interface RegionNode<R extends RegionLike> {
  region: R;
  children: RegionNode<R>[];
}

/**
 * Nests a flat region list. A region whose parent is not in the list (the root of a user's jurisdiction)
 * becomes a top-level node. Siblings are sorted by name in the given locale.
 */
export function buildRegionTree<R extends RegionLike>(
  regions: readonly R[],
  locale = 'zh-CN',
): RegionNode<R>[] {
  const nodes = new Map<number, RegionNode<R>>();
  for (const region of regions) nodes.set(region.id, { region, children: [] });
  const roots: RegionNode<R>[] = [];
  for (const node of nodes.values()) {
    const parent = node.region.parentId === null ? undefined : nodes.get(node.region.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const collator = new Intl.Collator(locale);
  const sort = (list: RegionNode<R>[]) => {
    list.sort((a, b) => collator.compare(a.region.name, b.region.name));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The generic shape both antd Tree and TreeSelect take. */
export interface TreeData {
  key: number;
  value: number;
  title: string;
  children: TreeData[];
}

export function toTreeData<R extends RegionLike>(nodes: readonly RegionNode<R>[]): TreeData[] {
  return nodes.map((n) => ({
    key: n.region.id,
    value: n.region.id,
    title: n.region.name,
    children: toTreeData(n.children),
  }));
}
