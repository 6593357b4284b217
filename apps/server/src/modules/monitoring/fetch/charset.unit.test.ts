import { describe, expect, it } from 'vitest';
import { decodeText, isTextual, metaCharset, parseContentType } from './charset.ts';

// "政府网站首页" in GBK; Node has no GBK encoder, so the bytes are written out.
const GBK = Buffer.from('d5feb8aecdf8d5becad7d2b3', 'hex');
const html = (head: string, body: Buffer) =>
  Buffer.concat([Buffer.from(`<html><head>${head}</head><body>`), body, Buffer.from('</body></html>')]);

describe('charset detection and decoding', () => {
  it('parses Content-Type', () => {
    expect(parseContentType('Text/HTML; Charset="GBK"')).toEqual({ mediaType: 'text/html', charset: 'gbk' });
    expect(parseContentType(undefined)).toEqual({ mediaType: null, charset: null });
  });

  it('decodes GBK declared in the header, in a meta tag, or not at all', () => {
    expect(decodeText(html('', GBK), 'gbk')).toMatchObject({ charset: 'gb18030', source: 'header' });
    expect(decodeText(html('', GBK), 'gbk').text).toContain('政府网站首页');
    const meta = decodeText(
      html('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', GBK),
      null,
    );
    expect(meta).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(meta.text).toContain('政府网站首页');
    expect(decodeText(html('<meta charset="GBK" />', GBK), null).text).toContain('政府网站首页');
    const guessed = decodeText(html('', GBK), null);
    expect(guessed).toMatchObject({ charset: 'gb18030', source: 'guess' });
    expect(guessed.text).toContain('政府网站首页');
  });

  it('prefers a BOM, and keeps UTF-8 cut mid-character at the cap as UTF-8', () => {
    const utf8 = Buffer.from('\ufeff你好', 'utf8');
    expect(decodeText(utf8, 'gbk')).toMatchObject({ text: '你好', charset: 'utf-8', source: 'bom' });
    const cut = Buffer.from('<p>你好</p>政', 'utf8').subarray(0, -1);
    expect(decodeText(cut, null)).toMatchObject({ charset: 'utf-8', source: 'guess' });
  });

  it('ignores an unknown label and finds meta charset only near the top', () => {
    expect(decodeText(Buffer.from('abc'), 'x-unknown-charset').charset).toBe('utf-8');
    expect(metaCharset(Buffer.from(`${' '.repeat(5000)}<meta charset="gbk">`))).toBeNull();
  });

  it('treats HTML, XML, JSON and text as text, and images as bytes', () => {
    expect(isTextual('text/html')).toBe(true);
    expect(isTextual('application/xhtml+xml')).toBe(true);
    expect(isTextual('application/json')).toBe(true);
    expect(isTextual('image/png')).toBe(false);
    expect(isTextual('application/octet-stream')).toBe(false);
  });
});
