import { describe, expect, it } from 'vitest';
import { catalogs, enumLabel, translator } from './catalogs.ts';
import { formatDateTime } from './format.ts';
import { cookieValue } from './locale-store.ts';
import { interpolate, placeholdersOf } from './translate.ts';

describe('UI catalogs', () => {
  const zh = catalogs['zh-CN'];
  const en = catalogs['en-US'];

  it('have the same keys in both languages and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same {placeholders} in both languages', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholdersOf(en[key]), key).toEqual(placeholdersOf(zh[key]));
    }
  });

  it('keep Chinese out of the English catalog', () => {
    const withHan = Object.entries(en).filter(
      ([key, text]) => /\p{Script=Han}/u.test(text) && key !== 'app.name',
    );
    expect(withHan).toEqual([]);
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(translator('zh-CN')('common.total', { total: 12 })).toBe('共 12 条');
    expect(translator('en-US')('common.total', { total: 12 })).toBe('12 in total');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('label enum values, falling back to the raw value', () => {
    expect(enumLabel('zh-CN', 'role', 'unit_handler')).toBe('单位经办人');
    expect(enumLabel('en-US', 'scope', 'assets:read')).toBe('Read assets');
    expect(enumLabel('zh-CN', 'role', 'brand_new_role')).toBe('brand_new_role');
  });
});

describe('formatDateTime', () => {
  it('shows UTC instants in Asia/Shanghai', () => {
    expect(formatDateTime('2026-11-21T16:05:09Z')).toBe('2026-11-22 00:05');
    expect(formatDateTime('2026-11-21T16:05:09Z', true)).toBe('2026-11-22 00:05:09');
  });
  it('passes through empty and unparsable values', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('cookieValue', () => {
  it('finds one cookie among several', () => {
    expect(cookieValue('a=1; sw_locale=en-US; b=2', 'sw_locale')).toBe('en-US');
    expect(cookieValue('a=1', 'sw_locale')).toBeNull();
  });
});
