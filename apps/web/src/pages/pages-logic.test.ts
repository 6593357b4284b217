import { describe, expect, it } from 'vitest';
import { assetBody, linesToList, listToLines } from './assets/asset-form.ts';
import { parseImportPreview } from './assets/import-preview.ts';
import { auditDiff } from './audit/audit-diff.ts';
import { shanghaiDayRange } from './audit/audit-period.ts';
import { buildRegionTree, toTreeData } from './org/region-tree.ts';

describe('region tree', () => {
  const regions = [
    { id: 4, parentId: 2, name: '和平街道', path: '/2/4/' },
    { id: 2, parentId: 1, name: '东城区', path: '/1/2/' },
    { id: 3, parentId: 1, name: '西城区', path: '/1/3/' },
  ];
  it('nests regions and makes the jurisdiction root (parent not visible) a top node', () => {
    const tree = buildRegionTree(regions);
    expect(tree.map((n) => n.region.id)).toEqual([2, 3]);
    expect(tree[0]?.children.map((n) => n.region.name)).toEqual(['和平街道']);
    expect(toTreeData(tree)[0]).toMatchObject({ key: 2, value: 2, title: '东城区' });
  });
});

describe('asset form', () => {
  it('splits list fields on lines, commas and semicolons', () => {
    expect(linesToList('a.gov.cn\n b.gov.cn ,c.gov.cn；\n\n')).toEqual(['a.gov.cn', 'b.gov.cn', 'c.gov.cn']);
    expect(listToLines(['a', 'b'])).toBe('a\nb');
  });
  it('builds the API body, nulling blanks and flagging CII kinds', () => {
    const body = assetBody({
      name: ' 门户 ',
      kind: 'cii',
      unitId: 5,
      isCii: false,
      contactName: '  ',
      tags: [' x ', ''],
    });
    expect(body).toMatchObject({
      name: '门户',
      kind: 'cii',
      unitId: 5,
      isCii: true,
      contactName: null,
      tags: ['x'],
    });
    expect(body.domains).toEqual([]);
    expect(body.mlpsLevel).toBeNull();
  });
});

describe('import preview', () => {
  it('accepts the server answer and refuses other shapes', () => {
    const ok = parseImportPreview({
      previewId: 'p1',
      fileName: 'a.xlsx',
      totalRows: 3,
      validRows: 2,
      errors: [{ row: 4, field: 'kind', message: 'bad' }],
      expiresAt: 'x',
    });
    expect(ok?.errors).toEqual([{ row: 4, field: 'kind', message: 'bad' }]);
    expect(parseImportPreview({ previewId: 'p1' })).toBeNull();
    expect(
      parseImportPreview({
        previewId: 'p',
        fileName: 'f',
        totalRows: 1,
        validRows: 1,
        errors: [{ row: 'x' }],
      }),
    ).toBeNull();
  });
});

describe('audit diff', () => {
  it('lists every field, flagging changes', () => {
    const rows = auditDiff(
      { name: 'A', isCii: 0, tags: ['x'] },
      { name: 'B', isCii: 0, tags: ['x', 'y'], notes: 'n' },
    );
    expect(rows).toEqual([
      { field: 'name', before: 'A', after: 'B', changed: true },
      { field: 'isCii', before: '0', after: '0', changed: false },
      { field: 'tags', before: '["x"]', after: '["x","y"]', changed: true },
      { field: 'notes', before: '', after: 'n', changed: true },
    ]);
  });
  it('handles creations, deletions and bare values', () => {
    expect(auditDiff(null, { a: 1 })).toEqual([{ field: 'a', before: '', after: '1', changed: true }]);
    expect(auditDiff({ a: 1 }, null)[0]?.changed).toBe(true);
    expect(auditDiff(null, null)).toEqual([]);
    expect(auditDiff('x', 'y')).toEqual([{ field: 'value', before: 'x', after: 'y', changed: true }]);
  });
  it('turns picked China days into UTC instants', () => {
    expect(shanghaiDayRange('2026-11-20', '2026-11-21')).toEqual({
      from: '2026-11-19T16:00:00.000Z',
      to: '2026-11-21T15:59:59.999Z',
    });
    expect(shanghaiDayRange(null, null)).toEqual({});
  });
});
