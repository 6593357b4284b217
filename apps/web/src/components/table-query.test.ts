import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../auth/next-path.ts';
import { navFor, selectedNav } from '../layout/nav.ts';
import { compactQuery, sortOrderOf, tableChangeToQuery } from './table-query.ts';

describe('table queries', () => {
  const sortable = ['name', 'updatedAt'] as const;
  it('turn table changes into page and sort parameters', () => {
    expect(
      tableChangeToQuery({ current: 3, pageSize: 50 }, { columnKey: 'name', order: 'descend' }, sortable),
    ).toEqual({
      page: 3,
      pageSize: 50,
      sort: 'name',
      order: 'desc',
    });
  });
  it('drop sorts the API does not accept and cleared sorts', () => {
    const unknown = tableChangeToQuery({ current: 1 }, { columnKey: 'region', order: 'ascend' }, sortable);
    expect(unknown.sort).toBeUndefined();
    const cleared = tableChangeToQuery({ current: 1 }, { columnKey: 'name', order: null }, sortable);
    expect(cleared.order).toBeUndefined();
  });
  it('show the current sort on its column only', () => {
    expect(sortOrderOf({ sort: 'name', order: 'desc' }, 'name')).toBe('descend');
    expect(sortOrderOf({ sort: 'name' }, 'name')).toBe('ascend');
    expect(sortOrderOf({ sort: 'name' }, 'kind')).toBeNull();
  });
  it('send no empty filters', () => {
    expect(compactQuery({ q: '', kind: undefined, tag: null, isCii: false, page: 1, list: [] })).toEqual({
      isCii: false,
      page: 1,
    });
  });
});

describe('navigation', () => {
  const none = {
    administerOrg: false,
    editAssets: false,
    readAudit: false,
    verifyAudit: false,
    manageUsers: false,
    manageTokens: false,
    officeNotices: false,
    unitInbox: false,
    createNotices: false,
    readFindings: false,
    manageSettings: false,
  };
  it('shows a unit handler only the pages every user has', () => {
    // Event sources and raw events are scoped on the server: a unit sees its own unit's.
    expect(navFor(none).map((e) => e.path)).toEqual([
      '/',
      '/monitoring',
      '/events/sources',
      '/events/raw',
      '/assets',
      '/org',
      '/account',
    ]);
  });
  it('sends a unit user to the inbox and an office user to notices and findings', () => {
    expect(navFor({ ...none, unitInbox: true }).map((e) => e.path)).toContain('/my-notices');
    const office = navFor({ ...none, officeNotices: true, readFindings: true, manageSettings: true }).map(
      (e) => e.path,
    );
    expect(office).toEqual(expect.arrayContaining(['/notices', '/findings', '/settings']));
    expect(office).not.toContain('/my-notices');
  });
  it('adds users, tokens and audit for the abilities that open them', () => {
    const paths = navFor({ ...none, manageUsers: true, manageTokens: true, readAudit: true }).map(
      (e) => e.path,
    );
    expect(paths).toEqual([
      '/',
      '/monitoring',
      '/events/sources',
      '/events/raw',
      '/assets',
      '/org',
      '/users',
      '/tokens',
      '/audit',
      '/account',
    ]);
  });
  it('highlights the section of nested paths', () => {
    expect(selectedNav('/assets')).toBe('/assets');
    expect(selectedNav('/audit/12')).toBe('/audit');
    expect(selectedNav('/')).toBe('/');
    expect(selectedNav('/nowhere')).toBe('/');
  });
});

describe('safeNextPath', () => {
  it('returns to paths inside the app', () => {
    expect(safeNextPath('/assets?page=2')).toBe('/assets?page=2');
  });
  it('refuses other sites and loops back to login', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/login?next=/x',
      '',
      null,
    ]) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });
});
