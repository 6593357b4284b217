import { describe, expect, it } from 'vitest';
import { compareCloaking } from './cloaking.ts';

const URL_ = 'https://www.example-county.gov.cn/';
const normal = `<html><head><title>某县人民政府</title></head><body><h1>某县人民政府</h1><p>政务公开 政务服务 互动交流</p>
<p>今天是 2026-11-20</p><a href="/zwgk/">政务公开</a><a href="https://www.gov.cn/">中国政府网</a></body></html>`;

describe('compareCloaking', () => {
  it('identical pages are not cloaked', () => {
    const r = compareCloaking({ finalUrl: URL_, text: normal }, { finalUrl: URL_, text: normal });
    expect(r.cloaked).toBe(false);
    expect(r.reasons).toEqual([]);
    expect(r.evidence.textSimilarity).toBe(1);
  });

  it('dynamic differences (dates, a rotated headline) are not cloaking', () => {
    const later = normal.replace('2026-11-20', '2026-11-21').replace('互动交流', '互动交流 县长信箱');
    expect(compareCloaking({ finalUrl: URL_, text: normal }, { finalUrl: URL_, text: later }).cloaked).toBe(
      false,
    );
  });

  it('spam served only to the crawler is detected, with keywords and domains as evidence', () => {
    const crawler = normal
      .replace('<title>某县人民政府', '<title>澳门新葡京-百家乐官网')
      .replace('</body>', '<a href="http://www.amxpj.example/">真人娱乐</a></body>');
    const r = compareCloaking({ finalUrl: URL_, text: normal }, { finalUrl: URL_, text: crawler });
    expect(r.cloaked).toBe(true);
    expect(r.reasons).toEqual(['crawler_only_keywords', 'crawler_only_domains']);
    expect(r.evidence.crawlerOnlyKeywords.map((k) => k.keyword)).toEqual(
      expect.arrayContaining(['百家乐', '真人娱乐', '新葡京']),
    );
    expect(r.evidence.suspiciousCrawlerOnlyDomains).toEqual(['www.amxpj.example']);
  });

  it('keywords already on the browser page do not count as crawler-only', () => {
    const warning = normal.replace('</body>', '<p>警惕网络赌博，远离百家乐</p></body>');
    expect(
      compareCloaking({ finalUrl: URL_, text: warning }, { finalUrl: URL_, text: warning }).cloaked,
    ).toBe(false);
  });

  it('a link farm of several unknown domains served only to crawlers is cloaking', () => {
    const farm = normal.replace(
      '</body>',
      `${['a', 'b', 'c'].map((x) => `<a href="http://${x}.farm${x}.example/">site</a>`).join('')}</body>`,
    );
    const r = compareCloaking({ finalUrl: URL_, text: normal }, { finalUrl: URL_, text: farm });
    expect(r.cloaked).toBe(true);
    expect(r.evidence.crawlerOnlyDomains).toHaveLength(3);
  });

  it('a redirect only the crawler follows, off-site, is cloaking', () => {
    const r = compareCloaking(
      { finalUrl: URL_, text: normal },
      { finalUrl: 'http://spam.example/landing', text: '<p>hi</p>' },
    );
    expect(r.reasons).toContain('crawler_redirected');
  });

  it('a script redirecting visitors from search engines is cloaking, seen from the browser copy alone', () => {
    const js = normal.replace(
      '</head>',
      `<script>var r = document.referrer; if (r.indexOf('baidu') > -1 || r.indexOf('sogou') > -1) { window.location.href = 'http://spam.example/'; }</script></head>`,
    );
    const r = compareCloaking({ finalUrl: URL_, text: js }, { finalUrl: URL_, text: js });
    expect(r.cloaked).toBe(true);
    expect(r.evidence.referrerScript).toEqual({
      engines: ['baidu', 'sogou'],
      redirects: ['http://spam.example/'],
    });
  });

  it('copes with missing bodies', () => {
    expect(compareCloaking({ finalUrl: URL_ }, { finalUrl: URL_ }).cloaked).toBe(false);
  });
});
