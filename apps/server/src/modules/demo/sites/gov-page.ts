/**
 * A realistic government portal page for the demo websites: header with search, navigation, a banner,
 * four news columns with dates, a service grid, friendly links and a footer with the ICP record number
 * (备案号) and the public-security record number (公网安备). Deterministic for a given seed apart from the
 * volatile parts real portals have (today's date, a visit counter), so defacement detection is exercised
 * on the kind of noise it must ignore. Pages come out at 60-120 KB.
 */

export interface GovPageOptions {
  /** The site's name, e.g. 江川市人民政府门户网站. */
  siteName: string;
  /** The organiser shown in the footer (主办单位). */
  organiser: string;
  seed: number;
  now: Date;
  visits: number;
  /** Friendly links to the other demo sites (same host, other ports), so link checks stay local. */
  friendlyLinks: { name: string; url: string }[];
  /** Extra markup in <head> (styles used by a hidden-link technique). */
  head?: string;
  /** Markup placed right after the news columns (where spam is usually injected). */
  inject?: string;
  /** Markup placed just before </body>. */
  tail?: string;
  /** News items per column (default 70). */
  newsPerColumn?: number;
}

const COLUMNS = ['政务要闻', '通知公告', '部门动态', '政策解读'] as const;
const NAV = ['首页', '政务公开', '政务服务', '互动交流', '走进江川', '专题专栏', '数据开放', '政策文件'];
const SUBJECTS = [
  '市政府常务会议',
  '优化营商环境工作',
  '安全生产大检查',
  '城乡环境综合整治',
  '秋冬季森林防火',
  '农村人居环境提升',
  '重点项目建设推进会',
  '民生实事项目',
  '“一网通办”改革',
  '基层治理能力建设',
  '防汛抗旱工作',
  '义务教育优质均衡发展',
  '医疗卫生服务体系建设',
  '高标准农田建设',
  '文明城市创建',
  '老旧小区改造',
  '就业创业扶持政策',
  '养老服务体系建设',
  '食品药品安全监管',
  '生态环境保护督察整改',
];
const VERBS = [
  '召开',
  '部署',
  '推进',
  '开展',
  '印发',
  '调研',
  '通报',
  '公示',
  '解读',
  '督导',
  '启动',
  '总结',
];
const SUFFIXES = [
  '工作会议',
  '专题会议',
  '实施方案',
  '情况通报',
  '工作要点',
  '结果公示',
  '政策问答',
  '阶段性进展',
  '现场推进会',
  '培训班',
];
const SERVICES = [
  '社保查询',
  '公积金',
  '不动产登记',
  '户籍办理',
  '出入境',
  '医保报销',
  '企业开办',
  '办税服务',
  '教育招生',
  '住房保障',
  '交通违法',
  '水电气缴费',
];

/** A small deterministic PRNG (mulberry32), so every start serves the same news. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
*{margin:0;padding:0;box-sizing:border-box}body{font:14px/1.6 "Microsoft YaHei","PingFang SC",sans-serif;color:#333;background:#fff}
a{color:#333;text-decoration:none}a:hover{color:#c00;text-decoration:underline}ul{list-style:none}
.w{width:1200px;margin:0 auto}.top{background:#f5f5f5;border-bottom:1px solid #e5e5e5;height:32px;line-height:32px;font-size:12px;color:#666}
.top .r{float:right}.top a{margin-left:12px;color:#666}.head{height:130px;background:linear-gradient(#b50d0d,#d7261e);color:#fff}
.head h1{float:left;font-size:34px;letter-spacing:4px;line-height:130px;font-family:"STKaiti","KaiTi",serif}
.head .search{float:right;margin-top:48px}.head input{width:260px;height:34px;border:0;padding:0 10px}.head button{height:34px;width:70px;border:0;background:#8a0000;color:#fff}
.nav{background:#a10a0a;height:48px}.nav li{float:left;width:150px;text-align:center;line-height:48px}.nav a{color:#fff;font-size:17px;display:block}
.nav a:hover{background:#7d0000;text-decoration:none}.banner{height:220px;margin:16px auto;background:linear-gradient(135deg,#fbe9e7,#fff3e0);display:flex;align-items:center;justify-content:center;font-size:28px;color:#b50d0d;letter-spacing:6px}
.today{font-size:12px;color:#999;margin:8px 0}.cols{display:grid;grid-template-columns:1fr 1fr;gap:24px}
.col h2{font-size:18px;border-bottom:2px solid #b50d0d;padding:6px 0;color:#b50d0d}.col h2 a.more{float:right;font-size:12px;color:#999;font-weight:normal}
.col li{height:32px;line-height:32px;border-bottom:1px dashed #eee;overflow:hidden}.col li a{float:left;max-width:470px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.col li span{float:right;color:#999;font-size:12px}.svc{margin:24px 0;display:grid;grid-template-columns:repeat(6,1fr);gap:12px}
.svc a{display:block;border:1px solid #eee;padding:18px 0;text-align:center;background:#fafafa}.links{margin:20px 0;padding:12px;border:1px solid #eee}
.links a{margin-right:18px;color:#555}.foot{background:#eee;border-top:3px solid #b50d0d;padding:24px 0;text-align:center;color:#666;font-size:12px;line-height:2}
.foot a{color:#666}.foot img{vertical-align:middle}
@media(max-width:1200px){.w{width:100%;padding:0 12px}.cols{grid-template-columns:1fr}.svc{grid-template-columns:repeat(3,1fr)}}
`;

function newsColumn(rand: () => number, title: string, index: number, count: number, now: Date): string {
  const items: string[] = [];
  let day = now.getTime() - 86_400_000 * (1 + index);
  for (let i = 0; i < count; i++) {
    day -= Math.floor(rand() * 3) * 86_400_000;
    const id = 10_000 + index * 1_000 + i;
    const headline = `江川市${pick(rand, VERBS)}${pick(rand, SUBJECTS)}${pick(rand, SUFFIXES)}`;
    items.push(
      `<li><a href="/news/${index}/${id}.html" title="${headline}" target="_blank">${headline}</a><span>${ymd(new Date(day))}</span></li>`,
    );
  }
  return `<div class="col"><h2>${title}<a class="more" href="/news/${index}/">更多&gt;&gt;</a></h2><ul>${items.join('\n')}</ul></div>`;
}

/** The whole page as HTML. */
export function renderGovPage(o: GovPageOptions): string {
  const rand = prng(o.seed);
  const count = o.newsPerColumn ?? 70;
  const weekday = '日一二三四五六'[o.now.getUTCDay()];
  const columns = COLUMNS.map((c, i) => newsColumn(rand, c, i, count, o.now)).join('\n');
  const services = SERVICES.map((s, i) => `<a href="/service/${i + 1}.html">${s}</a>`).join('');
  const friendly = o.friendlyLinks
    .map((l) => `<a href="${escapeHtml(l.url)}" target="_blank">${escapeHtml(l.name)}</a>`)
    .join('\n');
  const nav = NAV.map((n, i) => `<li><a href="${i === 0 ? '/' : `/channel/${i}/`}">${n}</a></li>`).join('');
  // Long articles' summaries make the page the size of a real portal (most are 80-200 KB).
  const digest = Array.from({ length: 24 }, (_, i) => {
    const para = Array.from(
      { length: 6 },
      () =>
        `${pick(rand, VERBS)}${pick(rand, SUBJECTS)}，要求各地各部门压实责任、细化措施，确保${pick(rand, SUBJECTS)}各项任务落地见效。`,
    ).join('');
    return `<div class="digest" id="digest-${i}"><h3>${pick(rand, SUBJECTS)}${pick(rand, SUFFIXES)}</h3><p>${para}</p></div>`;
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.siteName)}</title>
<meta name="keywords" content="${escapeHtml(o.siteName)},政务公开,政务服务,通知公告">
<meta name="description" content="${escapeHtml(o.siteName)}是${escapeHtml(o.organiser)}在互联网上发布政务信息和提供在线服务的综合平台。">
<style>${STYLE}</style>
${o.head ?? ''}
</head>
<body>
<div class="top"><div class="w">欢迎访问${escapeHtml(o.siteName)}<span class="r"><a href="/wza/">无障碍</a><a href="/en/">English</a><a href="/mobile/">移动版</a></span></div></div>
<div class="head"><div class="w"><h1>${escapeHtml(o.siteName)}</h1><form class="search" action="/search/" method="get"><input name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form></div></div>
<div class="nav"><ul class="w">${nav}</ul></div>
<div class="w">
<p class="today">今天是${o.now.getUTCFullYear()}年${o.now.getUTCMonth() + 1}月${o.now.getUTCDate()}日 星期${weekday}　　本站访问量：${o.visits}</p>
<div class="banner">学习贯彻党的二十届四中全会精神</div>
<div class="cols">${columns}</div>
${o.inject ?? ''}
<div class="svc">${services}</div>
<div class="digests">${digest}</div>
<div class="links"><strong>友情链接：</strong>${friendly}</div>
</div>
<div class="foot"><div class="w">
<p>主办单位：${escapeHtml(o.organiser)}　　承办：${escapeHtml(o.organiser)}信息中心　　联系电话：0799-12345678</p>
<p>地址：江川市人民大道1号　　邮编：999001　　网站标识码：9901000001</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">赣ICP备2026001234号-1</a>　　<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=36010202000123" target="_blank">赣公网安备 36010202000123号</a></p>
</div></div>
${o.tail ?? ''}
</body>
</html>`;
}

/** A news article page, for links on the homepage (so link checks find them). */
export function renderArticlePage(siteName: string, path: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(siteName)}</title></head>
<body><h1>${escapeHtml(siteName)}</h1><p>本页为演示网站的文章页（${escapeHtml(path)}）。</p>
<p><a href="/">返回首页</a></p><p>赣ICP备2026001234号-1</p></body></html>`;
}
