import { describe, expect, it } from 'vitest';
import { fieldErrorsFor } from '../components/form-errors.ts';
import { toApiError } from './errors.ts';
import { fileNameFromDisposition, queryString } from './http-utils.ts';

describe('toApiError', () => {
  it('reads the API error shape', () => {
    const err = toApiError(
      400,
      {
        error: {
          code: 'validation_failed',
          message: '输入有误',
          details: [{ field: 'name', message: '必填' }, { row: 3, message: 'bad' }, { nonsense: true }],
        },
        requestId: 'req-1',
      },
      'fallback',
    );
    expect(err.code).toBe('validation_failed');
    expect(err.message).toBe('输入有误');
    expect(err.requestId).toBe('req-1');
    expect(err.details).toEqual([
      { field: 'name', message: '必填' },
      { row: 3, message: 'bad' },
    ]);
    expect(err.fieldErrors().get('name')).toEqual(['必填']);
    expect(err.needsSignIn).toBe(false);
  });

  it('marks a lost session as needing sign-in, but not bad credentials', () => {
    const body = (code: string) => ({ error: { code, message: 'x', details: null }, requestId: 'r' });
    expect(toApiError(401, body('session_expired'), 'f').needsSignIn).toBe(true);
    expect(toApiError(401, body('unauthenticated'), 'f').needsSignIn).toBe(true);
    expect(toApiError(401, body('invalid_credentials'), 'f').needsSignIn).toBe(false);
  });

  it('keeps object details aside and falls back for foreign bodies', () => {
    expect(
      toApiError(409, { error: { code: 'conflict', message: 'm', details: { id: 3 } } }, 'f').extra,
    ).toEqual({ id: 3 });
    const proxy = toApiError(502, '<html>Bad gateway</html>', 'HTTP 502');
    expect(proxy.code).toBe('http_error');
    expect(proxy.message).toBe('HTTP 502');
  });
});

describe('fieldErrorsFor', () => {
  it('puts details on the form fields and keeps the rest apart', () => {
    const result = fieldErrorsFor(
      [
        { field: 'domains.2', message: 'not a host' },
        { field: 'domains.3', message: 'too long' },
        { field: 'secret', message: 'no such field' },
        { message: 'general' },
      ],
      ['name', 'domains'],
    );
    expect(result.fields).toEqual([{ name: 'domains', errors: ['not a host', 'too long'] }]);
    expect(result.other).toEqual(['secret: no such field', 'general']);
  });

  it('puts details for nested fields on the nested field, through renames, not on its parent', () => {
    const result = fieldErrorsFor(
      [
        { field: 'handleDeadlines.help', message: 'not a duration' },
        { field: 'uploads.maxTotalBytes', message: 'below one file' },
        { field: 'handleDeadlines', message: 'missing' },
        { field: 'regionId', message: 'not shown' },
      ],
      ['signDeadline', 'handleDeadlines', 'handleDeadlines.help', 'uploads.maxTotalMb'],
      { 'uploads.maxTotalBytes': 'uploads.maxTotalMb' },
    );
    expect(result.fields).toEqual([
      { name: ['handleDeadlines', 'help'], errors: ['not a duration'] },
      { name: ['uploads', 'maxTotalMb'], errors: ['below one file'] },
      { name: 'handleDeadlines', errors: ['missing'] },
    ]);
    expect(result.other).toEqual(['regionId: not shown']);
  });
});

describe('download helpers', () => {
  it('prefer the UTF-8 file name of Content-Disposition', () => {
    expect(
      fileNameFromDisposition(`attachment; filename="assets.xlsx"; filename*=UTF-8''%E8%B5%84%E4%BA%A7.xlsx`),
    ).toBe('资产.xlsx');
    expect(fileNameFromDisposition('attachment; filename="audit.xlsx"')).toBe('audit.xlsx');
    expect(fileNameFromDisposition(null)).toBeNull();
  });

  it('build export query strings from set filters only', () => {
    expect(
      queryString({ q: '政府', kind: 'website', unitId: 3, isCii: false, tag: '', regionId: undefined }),
    ).toBe('?q=%E6%94%BF%E5%BA%9C&kind=website&unitId=3&isCii=false');
    expect(queryString({})).toBe('');
  });
});
