import { describe, expect, it } from 'vitest';
import { decodeRecords } from './bulk-records.ts';

describe('decodeRecords', () => {
  it('splits NDJSON by line, skipping blank lines, with 1-based line numbers', () => {
    const body = Buffer.from('\uFEFF{"a":1}\r\n\n  \n{"b":2}\n{"c":3}');
    expect(decodeRecords(body, 'ndjson')).toEqual([
      { ok: true, index: 1, record: '{"a":1}' },
      { ok: true, index: 4, record: '{"b":2}' },
      { ok: true, index: 5, record: '{"c":3}' },
    ]);
  });

  it('fails only the line with invalid UTF-8 or over the length cap', () => {
    const body = Buffer.concat([
      Buffer.from('{"a":1}\n'),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
      Buffer.from(`{"long":"${'x'.repeat(200)}"}\n{"d":4}\n`),
    ]);
    expect(decodeRecords(body, 'ndjson', { maxRecordBytes: 100 })).toEqual([
      { ok: true, index: 1, record: '{"a":1}' },
      { ok: false, index: 2, error: 'line 2 is not valid UTF-8' },
      { ok: false, index: 3, error: 'line 3 is 211 bytes, over the 100-byte limit' },
      { ok: true, index: 4, record: '{"d":4}' },
    ]);
  });

  it('splits a JSON array into elements, with strings containing brackets, commas and escapes', () => {
    const body = Buffer.from(' [ {"a":"],\\"[{"} , {"b":[1,{"c":2}]},\n{"d":"中文"} ] \n');
    expect(decodeRecords(body, 'json')).toEqual([
      { ok: true, index: 1, record: '{"a":"],\\"[{"}' },
      { ok: true, index: 2, record: '{"b":[1,{"c":2}]}' },
      { ok: true, index: 3, record: '{"d":"中文"}' },
    ]);
  });

  it('keeps complete elements of a truncated array and reports the rest once', () => {
    expect(decodeRecords(Buffer.from('[{"a":1},{"b":2},{"c":'), 'json')).toEqual([
      { ok: true, index: 1, record: '{"a":1}' },
      { ok: true, index: 2, record: '{"b":2}' },
      { ok: false, index: 3, error: 'element 3 is truncated: the body ends inside it' },
    ]);
    expect(decodeRecords(Buffer.from('[{"a":1},'), 'json')).toEqual([
      { ok: true, index: 1, record: '{"a":1}' },
      { ok: false, index: 2, error: 'the JSON array is not closed: the body ends early' },
    ]);
  });

  it('reports bodies that are not arrays, empty elements and trailing data', () => {
    expect(decodeRecords(Buffer.from(''), 'json')).toEqual([
      { ok: false, index: 0, error: 'empty body: expected a JSON array' },
    ]);
    expect(decodeRecords(Buffer.from('"x"'), 'json')).toEqual([
      { ok: false, index: 0, error: 'body is not a JSON array' },
    ]);
    expect(decodeRecords(Buffer.from('{"one":1}'), 'json')).toEqual([
      { ok: true, index: 1, record: '{"one":1}' },
    ]);
    expect(decodeRecords(Buffer.from('[{"a":1},,2]'), 'json')).toEqual([
      { ok: true, index: 1, record: '{"a":1}' },
      { ok: false, index: 2, error: 'element 2 is empty' },
      { ok: true, index: 3, record: '2' },
    ]);
    expect(decodeRecords(Buffer.from('[{"a":1}] x'), 'json')).toEqual([
      { ok: true, index: 1, record: '{"a":1}' },
      { ok: false, index: 2, error: 'unexpected data after the end of the JSON array' },
    ]);
    expect(decodeRecords(Buffer.from('[]'), 'json')).toEqual([]);
  });

  it('fails an element with invalid UTF-8 and keeps the others', () => {
    const body = Buffer.concat([
      Buffer.from('[{"a":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"},{"b":1}]'),
    ]);
    expect(decodeRecords(body, 'json')).toEqual([
      { ok: false, index: 1, error: 'element 1 is not valid UTF-8' },
      { ok: true, index: 2, record: '{"b":1}' },
    ]);
  });

  it('splits plain lines keeping blank-looking content', () => {
    expect(decodeRecords(Buffer.from('a b\r\n \nc'), 'lines')).toEqual([
      { ok: true, index: 1, record: 'a b' },
      { ok: true, index: 2, record: ' ' },
      { ok: true, index: 3, record: 'c' },
    ]);
  });
});
