import { describe, expect, it } from 'vitest';
import { compareCloaking, quickCloakingCheck } from './cloaking.ts';

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

describe('quickCloakingCheck', () => {
  const counter = (n: number) => normal.replace('</body>', `<p>访问量：<span>${n}</span> 次</p></body>`);
  const browser = (text: string) => ({ finalUrl: URL_, text });

  it('answers without page models when the copies are equal or differ by a counter in text', () => {
    expect(quickCloakingCheck(browser(normal), browser(normal), null)?.cloaked).toBe(false);
    const r = quickCloakingCheck(browser(counter(100_123)), browser(counter(100_124)), null);
    expect(r).not.toBeNull();
    expect(r?.cloaked).toBe(false);
    // A counter that gains a digit is still a counter.
    expect(quickCloakingCheck(browser(counter(99_999)), browser(counter(100_000)), null)).not.toBeNull();
    // ...and agrees with the full comparison.
    expect(compareCloaking(browser(counter(100_123)), browser(counter(100_124))).cloaked).toBe(false);
  });

  it('leaves every other difference to the full comparison', () => {
    const cases: Array<[string, string]> = [
      // Text that is not a run of digits.
      [normal, normal.replace('互动交流', '互动交流 百家乐')],
      // Digits inside a URL, a host or a CSS value.
      [
        normal.replace('</body>', '<a href="http://spam1.example/">x</a></body>'),
        normal.replace('</body>', '<a href="http://spam2.example/">x</a></body>'),
      ],
      [
        normal.replace('</body>', '<p style="font-size:12px">通知</p></body>'),
        normal.replace('</body>', '<p style="font-size:0px">通知</p></body>'),
      ],
      // Digits inside a script.
      [
        normal.replace('</body>', '<script>var n = 12;</script></body>'),
        normal.replace('</body>', '<script>var n = 13;</script></body>'),
      ],
      // Digits of a keyword (bet365 is a gambling brand, bet366 is not).
      [
        normal.replace('</body>', '<p>欢迎 bet 366 </p></body>'),
        normal.replace('</body>', '<p>欢迎 bet 365 </p></body>'),
      ],
    ];
    for (const [a, b] of cases) expect(quickCloakingCheck(browser(a), browser(b), null)).toBeNull();
  });

  it('leaves a referrer script or an off-site crawler redirect to the full comparison', () => {
    const script = { engines: ['baidu'], redirects: ['http://spam.example/'] };
    expect(quickCloakingCheck(browser(normal), browser(normal), script)).toBeNull();
    expect(
      quickCloakingCheck(browser(normal), { finalUrl: 'http://spam.example/', text: normal }, null),
    ).toBeNull();
  });
});
