import { describe, expect, it } from 'vitest';
import { compareSnapshots, maskVolatile, snapshotPage } from './snapshot.ts';

const URL_ = 'https://www.example-county.gov.cn/';

type HomeOptions = {
  news?: string[];
  date?: string;
  visits?: number;
  extraHead?: string;
  extraBody?: string;
  footerLinks?: string;
};

const NEWS_A = [
  '县政府召开第十二次常务会议',
  '全县安全生产工作会议召开',
  '我县举办优化营商环境专题培训',
  '县领导调研乡村振兴工作',
  '县市场监管局开展食品安全检查',
  '2026年秋季征兵工作启动',
  '县医保局推进异地就医直接结算',
  '县教育局部署冬季校园安全工作',
];
const NEWS_B = [
  '县委理论学习中心组举行集体学习',
  '全县森林防火工作推进会召开',
  '县人社局举办就业招聘会',
  '县领导督导检查防汛工作',
  '县农业农村局推广秋季种植技术',
  '县交通运输局开展道路安全整治',
  '县文旅局举办非遗展演活动',
  '县卫健委开展义诊进社区活动',
];

function homepage(o: HomeOptions = {}): string {
  const news = (o.news ?? NEWS_A)
    .map(
      (t, i) =>
        `<li><a href="/xwdt/2026${String(i).padStart(4, '0')}.html">${t}</a><span class="date">${o.date ?? '2026-11-20'}</span></li>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>某县人民政府门户网站</title>
<script src="/js/jquery.min.js?v=20261101"></script><script src="/js/app.3f2a9c1b.js"></script>${o.extraHead ?? ''}</head>
<body><div class="header"><h1>某县人民政府</h1><span>今天是 ${o.date ?? '2026-11-20'} 星期五</span>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="main"><div class="intro"><h2>走进某县</h2><p>某县位于省境东南部，总面积二千三百平方公里，辖十二个乡镇，户籍人口四十五万。
境内山清水秀，物产丰富，是全国生态示范县和全省农业强县。</p><p>近年来，县委县政府坚持以人民为中心，持续推进高质量发展。</p></div>
<div class="news"><h2>政务要闻</h2><ul>${news}</ul></div>
<div class="service"><h2>办事服务</h2><p>个人办事、法人办事、部门服务、主题服务，一网通办，就近可办。</p></div>
${o.extraBody ?? ''}</div>
<div class="footer"><p>主办：某县人民政府办公室 承办：某县大数据中心</p><p>网站访问量：${o.visits ?? 1234567} 次</p>
<p>京ICP备12345678号-1 京公网安备11010502030143号</p>${o.footerLinks ?? '<a href="https://www.gov.cn/">中国政府网</a>'}</div></body></html>`;
}

describe('maskVolatile', () => {
  it('masks dates, times, counters and weekdays', () => {
    expect(maskVolatile('2026-11-20 10:31:05 访问量 12345 星期五 2026年11月20日 Friday')).toBe(
      '#-#-# #:#:# 访问量 # 星期# #年#月#日 #',
    );
    expect(maskVolatile('二〇二六年十一月二十日')).toBe('#年#月#日');
  });
});

describe('compareSnapshots', () => {
  const baseline = snapshotPage(homepage(), URL_);

  it('an identical page is unchanged, with score 0', () => {
    const r = compareSnapshots(baseline, snapshotPage(homepage(), URL_));
    expect(r).toMatchObject({ changed: false, score: 0, reasons: [], newScripts: [], newIframes: [] });
    expect(r.diff.added).toEqual([]);
  });

  it('dates, counters and cache-busting script versions do not trigger', () => {
    const next = homepage({ date: '2026-11-21', visits: 1239999 })
      .replace('?v=20261101', '?v=20261121')
      .replace('app.3f2a9c1b.js', 'app.9d8e7f6a.js');
    const r = compareSnapshots(baseline, snapshotPage(next, URL_));
    expect(r.changed).toBe(false);
    expect(r.diff.text).toBe('');
  });

  it('a rotating news list does not trigger, but shows in the diff', () => {
    const rotated = [...NEWS_B.slice(0, 5), ...NEWS_A.slice(0, 3)];
    const r = compareSnapshots(baseline, snapshotPage(homepage({ news: rotated, date: '2026-11-22' }), URL_));
    expect(r.changed).toBe(false);
    expect(r.score).toBeLessThan(0.35);
    expect(r.diff.added.join('\n')).toContain('县委理论学习中心组举行集体学习');
    expect(r.diff.removed.join('\n')).toContain('县领导调研乡村振兴工作');
  });

  it('even a fully replaced news list does not trigger', () => {
    expect(compareSnapshots(baseline, snapshotPage(homepage({ news: NEWS_B }), URL_)).changed).toBe(false);
  });

  it('a replaced homepage triggers, with a readable diff', () => {
    const defaced =
      '<html><head><title>Hacked</title></head><body style="background:#000"><h1 style="color:red">Hacked by Team X</h1><p>Your security is low.</p></body></html>';
    const r = compareSnapshots(baseline, snapshotPage(defaced, URL_));
    expect(r.changed).toBe(true);
    expect(r.score).toBeGreaterThan(0.7);
    expect(r.reasons).toEqual(expect.arrayContaining(['content_changed', 'hack_marker', 'title_changed']));
    expect(r.diff.text).toContain('+ Hacked by Team X');
    expect(r.diff.text).toContain('- 政务要闻');
  });

  it('an injected external script triggers', () => {
    const r = compareSnapshots(
      baseline,
      snapshotPage(homepage({ extraHead: '<script src="https://cdn.evil.example/x.js"></script>' }), URL_),
    );
    expect(r).toMatchObject({ changed: true, newScripts: ['cdn.evil.example/x.js'] });
    expect(r.reasons).toContain('new_script');
  });

  it('an injected inline script that writes markup triggers; a harmless changed inline script does not', () => {
    const injected = homepage({
      extraBody: `<script>document.write(unescape('%3Ca href="http://x.example/"%3Ex%3C/a%3E'))</script>`,
    });
    expect(compareSnapshots(baseline, snapshotPage(injected, URL_)).reasons).toContain('new_inline_script');
    const withTracker = snapshotPage(homepage({ extraHead: '<script>var t = 1700000000;</script>' }), URL_);
    const later = snapshotPage(homepage({ extraHead: '<script>var t = 1700000999;</script>' }), URL_);
    expect(compareSnapshots(withTracker, later).changed).toBe(false);
  });

  it('an injected iframe triggers', () => {
    const r = compareSnapshots(
      baseline,
      snapshotPage(
        homepage({ extraBody: '<iframe src="http://evil.example/a.html" width="0" height="0"></iframe>' }),
        URL_,
      ),
    );
    expect(r).toMatchObject({ changed: true, newIframes: ['evil.example/a.html'] });
  });

  it('a new gambling outbound domain triggers', () => {
    const r = compareSnapshots(
      baseline,
      snapshotPage(
        homepage({
          footerLinks:
            '<a href="https://www.gov.cn/">中国政府网</a> <a href="http://www.amxpj88.example/">澳门新葡京</a>',
        }),
        URL_,
      ),
    );
    expect(r.changed).toBe(true);
    expect(r.newSuspiciousDomains).toEqual(['www.amxpj88.example']);
    expect(r.newDomains).toEqual(['www.amxpj88.example']);
    expect(r.diff.added.join()).toContain('澳门新葡京');
  });

  it('a new ordinary outbound domain is noted but does not trigger by itself', () => {
    const r = compareSnapshots(
      baseline,
      snapshotPage(
        homepage({
          footerLinks:
            '<a href="https://www.gov.cn/">中国政府网</a><a href="https://www.xinhuanet.com/">新华网</a>',
        }),
        URL_,
      ),
    );
    expect(r.changed).toBe(false);
    expect(r.reasons).toEqual(['new_outbound_domain']);
  });

  it('new illegal keywords in the title trigger (title hijacking)', () => {
    const r = compareSnapshots(
      baseline,
      snapshotPage(homepage().replace('<title>某县人民政府门户网站', '<title>澳门赌场-百家乐官网'), URL_),
    );
    expect(r.changed).toBe(true);
    expect(r.newKeywords).toEqual(['gambling:澳门赌场', 'gambling:百家乐']);
  });

  it('the threshold is configurable', () => {
    const rotated = snapshotPage(homepage({ news: NEWS_B }), URL_);
    expect(compareSnapshots(baseline, rotated, { threshold: 0.01 }).changed).toBe(true);
  });

  it('snapshots survive a JSON round trip (stored as baselines)', () => {
    const stored = JSON.parse(JSON.stringify(baseline));
    expect(compareSnapshots(stored, snapshotPage(homepage(), URL_)).changed).toBe(false);
  });
});
