import { describe, expect, it } from 'vitest';
import { findIcpNumber } from './icp.ts';
import { extractLinks, isSameSite, registrableDomain } from './links.ts';

const footer = (inner: string) =>
  `<html><body><div>正文</div><div class="footer">${inner}</div></body></html>`;

describe('findIcpNumber', () => {
  it.each([
    ['京ICP备12345678号-1', '京ICP备12345678号-1'],
    ['京ICP备12345678号', '京ICP备12345678号'],
    ['粤ICP备2023012345号-2', '粤ICP备2023012345号-2'],
    ['ICP备案号：浙ICP备 12345678 号 - 3', '浙ICP备12345678号-3'],
    ['蜀ICP备12345678号', '蜀ICP备12345678号'],
    ['京ICP证030173号', '京ICP证030173号'],
    ['沪ｉｃｐ备１２３４５６７８号', '沪ICP备12345678号'],
    ['<a href="https://beian.miit.gov.cn/">苏ICP备12345678号-10</a>', '苏ICP备12345678号-10'],
  ])('finds %s', (html, number) => {
    const r = findIcpNumber(footer(html));
    expect(r.icp).toMatchObject({ number, valid: true, visible: true });
  });

  it.each([
    ['京ICP备1234号', '京ICP备1234号'],
    ['川ICP备12345678号', '川ICP备12345678号'],
    ['京ICP证12345678号', '京ICP证12345678号'],
  ])('flags a malformed number: %s', (html, number) => {
    expect(findIcpNumber(footer(html)).icp).toMatchObject({ number, valid: false });
  });

  it('finds the public security record number and checks its province code', () => {
    expect(findIcpNumber(footer('京公网安备 11010502030143号')).police).toMatchObject({
      number: '京公网安备11010502030143号',
      valid: true,
    });
    expect(findIcpNumber(footer('粤公网安备11010502030143号')).police?.valid).toBe(false);
    expect(findIcpNumber(footer('京公网安备1101050203号')).police?.valid).toBe(false);
  });

  it('reports none when absent, and marks a hidden number as not visible', () => {
    expect(findIcpNumber(footer('版权所有'))).toEqual({ icp: null, police: null, candidates: [] });
    expect(findIcpNumber(footer('<span style="display:none">京ICP备12345678号</span>')).icp?.visible).toBe(
      false,
    );
  });

  it('prefers the footer (last) number', () => {
    const r = findIcpNumber(
      '<body><p>京ICP备11111111号</p><div class="footer">京ICP备22222222号</div></body>',
    );
    expect(r.icp?.number).toBe('京ICP备22222222号');
    expect(r.candidates).toEqual(['京ICP备22222222号', '京ICP备11111111号']);
  });
});

describe('extractLinks', () => {
  it('resolves against the page URL, or <base href> when present', () => {
    const html = '<a href="a.html">A</a><a href="/b">B</a><a href="//cdn.example.com/c">C</a>';
    expect(extractLinks(html, 'https://www.x.gov.cn/dir/index.html').map((l) => l.url)).toEqual([
      'https://www.x.gov.cn/dir/a.html',
      'https://www.x.gov.cn/b',
      'https://cdn.example.com/c',
    ]);
    const withBase = `<head><base href="https://static.x.gov.cn/site/"></head><body>${html}</body>`;
    expect(extractLinks(withBase, 'https://www.x.gov.cn/dir/index.html').map((l) => l.url)).toEqual([
      'https://static.x.gov.cn/site/a.html',
      'https://static.x.gov.cn/b',
      'https://cdn.example.com/c',
    ]);
  });

  it('reports rel, nofollow, same-site, hidden and script-written, and skips non-http links', () => {
    const html = `<a href="https://news.x.gov.cn/" rel="noopener">N</a><a href="http://o.example/" rel="nofollow external">O</a>
<a href="javascript:void(0)">J</a><a href="mailto:a@x.gov.cn">M</a><map><area href="/area" alt=""></map>
<div style="display:none"><a href="/h">H</a></div><script>document.write('<a href="/w">W</a>')</script>`;
    const links = extractLinks(html, 'https://www.x.gov.cn/');
    expect(links.map((l) => [l.url, l.rel, l.nofollow, l.sameSite, l.hidden, l.scriptWritten])).toEqual([
      ['https://news.x.gov.cn/', ['noopener'], false, true, false, false],
      ['http://o.example/', ['nofollow', 'external'], true, false, false, false],
      ['https://www.x.gov.cn/area', [], false, true, false, false],
      ['https://www.x.gov.cn/h', [], false, true, true, false],
      ['https://www.x.gov.cn/w', [], false, true, true, true],
    ]);
  });

  it('decodes entities in href', () => {
    expect(extractLinks('<a href="/s?a=1&amp;b=2">x</a>', 'https://www.x.gov.cn/')[0]?.url).toBe(
      'https://www.x.gov.cn/s?a=1&b=2',
    );
  });
});

describe('registrable domains', () => {
  it('handles gov.cn and com.cn', () => {
    expect(registrableDomain('fgw.beijing.gov.cn')).toBe('beijing.gov.cn');
    expect(registrableDomain('www.example.com.cn')).toBe('example.com.cn');
    expect(registrableDomain('a.b.example.com')).toBe('example.com');
    expect(isSameSite('www.beijing.gov.cn', 'fgw.beijing.gov.cn')).toBe(true);
    expect(isSameSite('www.beijing.gov.cn', 'www.shanghai.gov.cn')).toBe(false);
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
  });
});
