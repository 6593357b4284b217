import { describe, expect, it } from 'vitest';
import { compareCloaking } from './cloaking.ts';
import { analyzePageContent, cloakingFindings } from './page-findings.ts';

const URL_ = 'https://www.example-county.gov.cn/';
const page = (body: string) =>
  `<html><head><title>某县人民政府</title></head><body><h1>某县人民政府</h1>${body}<p>京ICP备12345678号-1</p></body></html>`;

describe('analyzePageContent', () => {
  it('a clean homepage yields no findings and a snapshot', () => {
    const r = analyzePageContent(page('<p>政务公开</p>'), URL_, { isHomepage: true });
    expect(r.findings).toEqual([]);
    expect(r.snapshot.version).toBe(1);
  });

  it('hidden links become one hidden_links finding of severity II with the links as evidence', () => {
    const r = analyzePageContent(
      page('<div style="display:none"><a href="http://bet.example/">百家乐</a></div>'),
      URL_,
      { isHomepage: true },
    );
    const types = r.findings.map((f) => [f.type, f.severity]);
    expect(types).toEqual([
      ['hidden_links', 'II'],
      ['illegal_content', 'II'],
    ]);
    expect(r.findings[0]?.evidence).toMatchObject({ count: 1, techniques: ['display_none'] });
    expect(r.findings[1]?.evidence).toMatchObject({
      categories: ['gambling'],
      hits: [{ where: 'hidden', keyword: '百家乐' }],
    });
  });

  it('anti-fraud warnings that name a scam are not illegal content; the same words as an advert are', () => {
    const warning = analyzePageContent(page('<p>警方提醒：谨防刷单返利诈骗，切勿轻信高额返利。</p>'), URL_, {
      isHomepage: false,
    });
    expect(warning.findings).toEqual([]);
    expect(warning.keywordHits.every((k) => k.warningContext)).toBe(true);
    const advert = analyzePageContent(page('<p>在家刷单返利，日赚千元，加微信</p>'), URL_, {
      isHomepage: false,
    });
    expect(advert.findings).toMatchObject([{ type: 'illegal_content', severity: 'III' }]);
  });

  it('a homepage without a visible, valid ICP number gets an icp_missing finding (IV); other pages do not', () => {
    const noIcp = '<html><body><p>首页</p></body></html>';
    expect(analyzePageContent(noIcp, URL_, { isHomepage: true }).findings).toMatchObject([
      { type: 'icp_missing', severity: 'IV' },
    ]);
    expect(analyzePageContent(noIcp, URL_, { isHomepage: false }).findings).toEqual([]);
  });

  it('raises defacement against a baseline', () => {
    const baseline = analyzePageContent(page('<p>政务公开 政务服务 互动交流</p>'), URL_, {
      isHomepage: true,
    }).snapshot;
    const r = analyzePageContent(
      page('<p>政务公开</p><script src="http://evil.example/a.js"></script>'),
      URL_,
      { isHomepage: true, baseline },
    );
    expect(r.findings).toMatchObject([
      { type: 'defacement', severity: 'II', evidence: { newScripts: ['evil.example/a.js'] } },
    ]);
  });

  it('turns a cloaking result into a finding', () => {
    const result = compareCloaking(
      { finalUrl: URL_, text: page('') },
      { finalUrl: URL_, text: page('<p>百家乐</p>') },
    );
    expect(cloakingFindings(result, URL_, true)).toMatchObject([
      { type: 'cloaking', severity: 'II', isHomepage: true },
    ]);
    expect(cloakingFindings(compareCloaking({ finalUrl: URL_ }, { finalUrl: URL_ }), URL_, true)).toEqual([]);
  });
});
