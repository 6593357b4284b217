import { describe, expect, it } from 'vitest';
import { findHiddenLinks, type HiddenLinkFinding } from './hidden-links.ts';

const PAGE_URL = 'https://www.example-county.gov.cn/index.html';
const SPAM = '<a href="http://www.bet-macau.example/">澳门赌场</a>';

function page(body: string, css = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>某县人民政府</title><style>${css}</style></head>
<body><div id="main"><h1>某县人民政府门户网站</h1><p>政务公开 <a href="/zwgk/">政务公开</a></p></div>${body}
<div class="footer">版权所有 某县人民政府 京ICP备12345678号-1</div></body></html>`;
}

function only(html: string): HiddenLinkFinding {
  const findings = findHiddenLinks(html, PAGE_URL);
  expect(findings).toHaveLength(1);
  const [finding] = findings;
  if (!finding) throw new Error('no finding');
  return finding;
}

describe('findHiddenLinks — CSS techniques', () => {
  it('display:none inline', () => {
    const f = only(page(`<div style="display:none">${SPAM}</div>`));
    expect(f).toMatchObject({
      technique: 'display_none',
      href: 'http://www.bet-macau.example/',
      text: '澳门赌场',
    });
    expect(f.reason).toBe('outbound_and_keyword');
    expect(f.keywords).toContainEqual({ category: 'gambling', keyword: '澳门赌场' });
    expect(f.evidence.rule).toContain('display:none');
    expect(f.evidence.element).toBe('div');
  });

  it('display:none via a class rule in <style>', () => {
    const f = only(page(`<div class="yc">${SPAM}</div>`, '.yc { display : none }'));
    expect(f.technique).toBe('display_none');
    expect(f.evidence.rule).toBe('.yc { display: none }');
    expect(f.evidence.element).toBe('div.yc');
  });

  it('display:none via an id rule and a descendant selector', () => {
    expect(only(page(`<div id="l1"><span>${SPAM}</span></div>`, '#l1 span { display:none }')).technique).toBe(
      'display_none',
    );
    expect(only(page(`<ul class="x"><li>${SPAM}</li></ul>`, 'ul.x > li { display:none }')).technique).toBe(
      'display_none',
    );
  });

  it('the hidden attribute', () => {
    expect(only(page(`<div hidden>${SPAM}</div>`)).technique).toBe('display_none');
  });

  it('visibility:hidden, inherited, and undone by visibility:visible on a child', () => {
    expect(only(page(`<div style="visibility:hidden"><p>${SPAM}</p></div>`)).technique).toBe(
      'visibility_hidden',
    );
    expect(
      findHiddenLinks(
        page(`<div style="visibility:hidden"><p style="visibility:visible">${SPAM}</p></div>`),
        PAGE_URL,
      ),
    ).toEqual([]);
  });

  it.each([
    ['position:absolute;left:-9999px'],
    ['position:absolute;top:-9999px'],
    ['position:fixed;top:-3000px;left:0'],
    ['text-indent:-9999px'],
    ['margin-left:-2000px'],
    ['transform:translateX(-9999px)'],
  ])('off-screen: %s', (style) => {
    const f = only(page(`<div style="${style}">${SPAM}</div>`));
    expect(f.technique).toBe('offscreen');
    expect(f.evidence.rule).toContain(style.split(';')[0]?.split(':')[0]);
  });

  it('position absolute with a small negative offset is not off-screen', () => {
    expect(
      findHiddenLinks(
        page(`<div style="position:absolute;left:-10px">${SPAM.replace('澳门赌场', '友情站点')}</div>`),
        PAGE_URL,
      ),
    ).toEqual([]);
  });

  it('width/height 0 with overflow hidden', () => {
    expect(only(page(`<div style="width:0;height:0;overflow:hidden">${SPAM}</div>`)).technique).toBe(
      'zero_size',
    );
    expect(only(page(`<div class="z">${SPAM}</div>`, '.z{height:0px;overflow:hidden}')).technique).toBe(
      'zero_size',
    );
  });

  it('zero height without overflow hidden does not hide its content', () => {
    expect(
      findHiddenLinks(
        page('<div style="height:0"><a href="http://other.example/">合作单位</a></div>'),
        PAGE_URL,
      ),
    ).toEqual([]);
  });

  it('a tiny clipping container (overflow clip)', () => {
    expect(only(page(`<div style="height:1px;overflow:hidden">${SPAM}</div>`)).technique).toBe(
      'overflow_clip',
    );
    expect(only(page(`<div style="width:2px;height:2px;overflow:clip">${SPAM}</div>`)).technique).toBe(
      'overflow_clip',
    );
    expect(only(page(`<div style="position:absolute;clip:rect(0 0 0 0)">${SPAM}</div>`)).technique).toBe(
      'overflow_clip',
    );
  });

  it('font-size:0, inherited, and reset by an absolute size', () => {
    expect(only(page(`<div style="font-size:0">${SPAM}</div>`)).technique).toBe('zero_font');
    expect(
      only(page(`<div style="font-size:0px"><span style="font-size:80%">${SPAM}</span></div>`)).technique,
    ).toBe('zero_font');
    expect(
      findHiddenLinks(
        page(`<div style="font-size:0"><span style="font-size:14px">${SPAM}</span></div>`),
        PAGE_URL,
      ),
    ).toEqual([]);
  });

  it('opacity 0', () => {
    expect(only(page(`<div style="opacity:0">${SPAM}</div>`)).technique).toBe('opacity_zero');
  });

  it.each([
    ['#fff', 'white'],
    ['white', '#ffffff'],
    ['rgb(255,255,255)', '#FFF'],
    ['rgb(255 255 255)', 'rgba(255, 255, 255, 1)'],
    ['#fefefe', 'white'],
    ['hsl(0, 0%, 100%)', '#fff'],
  ])('same colour inline: %s on %s', (fg, bg) => {
    const f = only(
      page(
        `<div style="background:${bg}"><a style="color:${fg}" href="http://x.example/">澳门赌场</a></div>`,
      ),
    );
    expect(f.technique).toBe('same_colour');
  });

  it('same colour via rules, with the link colour from a tag rule and the background from an ancestor', () => {
    const f = only(
      page(
        `<div class="box"><div>${SPAM}</div></div>`,
        '.box { background-color: #003366 } .box a { color: #036 }',
      ),
    );
    expect(f.technique).toBe('same_colour');
    expect(f.evidence.rule).toContain('.box a { color: #036 }');
    expect(f.evidence.rule).toContain('#003366');
  });

  it('a link on the default white page coloured white is hidden; a blue default link is not', () => {
    expect(
      only(page(`<p><a href="http://x.example/" style="color:#FFFFFF">澳门赌场</a></p>`)).technique,
    ).toBe('same_colour');
    expect(
      findHiddenLinks(
        page(`<div style="color:#fff;background:#fff"><a href="http://x.example/">外部</a></div>`),
        PAGE_URL,
      ),
    ).toEqual([]);
  });

  it('a background image makes the background unknown, so no same-colour claim', () => {
    const html = page(
      `<div style="background:url(bg.png)"><a style="color:#fff" href="http://x.example/">站点</a></div>`,
    );
    expect(findHiddenLinks(html, PAGE_URL)).toEqual([]);
  });

  it('inherited hiding from an ancestor several levels up', () => {
    const f = only(
      page(
        `<div class="wrap"><section><ul><li><span>${SPAM}</span></li></ul></section></div>`,
        'div.wrap{position:absolute;left:-8000px}',
      ),
    );
    expect(f.technique).toBe('offscreen');
    expect(f.evidence.element).toBe('div.wrap');
  });

  it('!important in a rule beats a later inline declaration', () => {
    expect(
      only(page(`<div class="h" style="display:block">${SPAM}</div>`, '.h{display:none!important}'))
        .technique,
    ).toBe('display_none');
  });

  it('rules under @media screen apply; @media print and :hover rules do not', () => {
    expect(
      only(page(`<div class="m">${SPAM}</div>`, '@media screen { .m { display:none } }')).technique,
    ).toBe('display_none');
    const notHidden = page(
      `<div class="m">${SPAM.replace('澳门赌场', '链接')}</div>`,
      '@media print { .m { display:none } } .m:hover { display:none }',
    );
    expect(findHiddenLinks(notHidden, PAGE_URL)).toEqual([]);
  });

  it('a tiny marquee', () => {
    expect(only(page(`<marquee height="1" width="1">${SPAM}</marquee>`)).technique).toBe('marquee_tiny');
    expect(only(page(`<marquee style="height:2px">${SPAM}</marquee>`)).technique).toBe('marquee_tiny');
    expect(only(page(`<marquee scrollamount="5000">${SPAM}</marquee>`)).technique).toBe('marquee_tiny');
  });

  it('links inside <noscript>', () => {
    expect(only(page(`<noscript>${SPAM}</noscript>`)).technique).toBe('noscript');
  });

  it('zero-width characters in link text or between keyword characters', () => {
    const f = only(page('<p><a href="http://x.example/">澳\u200b门\u200d赌\ufeff场</a></p>'));
    expect(f.technique).toBe('zero_width_chars');
    expect(f.keywords).toContainEqual({ category: 'gambling', keyword: '澳门赌场' });
    const hidden = only(
      page('<div style="display:none"><a href="http://x.example/">百\u200b家\u200b乐</a></div>'),
    );
    expect(hidden.techniques).toEqual(['display_none', 'zero_width_chars']);
  });

  it('hidden iframes to other domains', () => {
    const findings = findHiddenLinks(
      page('<iframe src="http://evil.example/x.html" width="0" height="0"></iframe>'),
      PAGE_URL,
    );
    expect(findings).toMatchObject([
      { kind: 'iframe', technique: 'zero_size', href: 'http://evil.example/x.html' },
    ]);
    expect(
      findHiddenLinks(page('<div style="display:none"><iframe src="/stat.html"></iframe></div>'), PAGE_URL),
    ).toEqual([]);
  });
});

describe('findHiddenLinks — script-written links (static analysis only)', () => {
  const script = (code: string) => page(`<script type="text/javascript">${code}</script>`);

  it('document.write of a link string', () => {
    const f = only(script(`document.write('<a href="http://www.bet-macau.example/">澳门赌场</a>');`));
    expect(f).toMatchObject({ technique: 'script_written', href: 'http://www.bet-macau.example/' });
    expect(f.evidence.script?.sink).toBe('document.write');
  });

  it('document.write of a hidden block keeps the CSS technique and adds script_written', () => {
    const f = only(
      script(`document.writeln("<div style='display:none'>" + '${SPAM.replace(/'/g, "\\'")}' + "</div>");`),
    );
    expect(f.techniques).toEqual(['display_none', 'script_written']);
    expect(f.evidence.script?.techniques).toContain('concatenation');
  });

  it('innerHTML assignment and +=', () => {
    expect(only(script(`document.getElementById('x').innerHTML = '${SPAM}';`)).evidence.script?.sink).toBe(
      'innerHTML',
    );
    expect(
      only(script(`var el = document.body; el.innerHTML += "<a href='http://p.example/'>" + "色情视频</a>";`))
        .keywords,
    ).toContainEqual({
      category: 'pornography',
      keyword: '色情视频',
    });
  });

  it('insertAdjacentHTML and jQuery .append', () => {
    expect(
      only(script(`document.body.insertAdjacentHTML('beforeend', '${SPAM}');`)).evidence.script?.sink,
    ).toBe('insertAdjacentHTML');
    expect(only(script(`$('#f').append('${SPAM}');`)).evidence.script?.sink).toBe('jquery.append');
  });

  it('\\x3c and \\u003c escaped strings', () => {
    const f = only(
      script(
        `document.write("\\x3ca href=\\"http://x.example/\\"\\x3e\\u6fb3\\u95e8\\u8d4c\\u573a\\x3c/a\\x3e");`,
      ),
    );
    expect(f.text).toBe('澳门赌场');
    expect(f.evidence.script?.techniques).toContain('hex_escape');
  });

  it("unescape('%3Ca...')", () => {
    const f = only(
      script(
        `document.write(unescape('%3Ca%20href%3D%22http%3A//x.example/%22%3E%u767e%u5bb6%u4e50%3C/a%3E'));`,
      ),
    );
    expect(f.text).toBe('百家乐');
    expect(f.evidence.script?.techniques).toContain('unescape');
  });

  it('String.fromCharCode(...)', () => {
    const codes = Array.from('<a href="http://x.example/">六合彩</a>', (c) => c.charCodeAt(0)).join(',');
    const f = only(script(`document.write(String.fromCharCode(${codes}));`));
    expect(f.text).toBe('六合彩');
    expect(f.evidence.script?.techniques).toContain('from_char_code');
  });

  it('concatenated literals through variables', () => {
    const f = only(
      script(
        `var a = '<a hr' + 'ef="http://x.exa'; var b = 'mple/">时时'; b += '彩</a>'; document.write(a + b);`,
      ),
    );
    expect(f).toMatchObject({ href: 'http://x.example/', text: '时时彩' });
    expect(f.evidence.script?.techniques).toEqual(expect.arrayContaining(['concatenation', 'variable']));
  });

  it('atob, reversed strings and eval of a decoded script', () => {
    const b64 = Buffer.from('<a href="http://x.example/">casino</a>').toString('base64');
    expect(only(script(`document.write(atob('${b64}'));`)).evidence.script?.techniques).toContain('atob');
    const reversed = Array.from('<a href="http://x.example/">bet365</a>').reverse().join('');
    expect(
      only(script(`document.write('${reversed}'.split('').reverse().join(''));`)).evidence.script?.techniques,
    ).toContain('reverse');
    const inner = encodeURIComponent(`document.write('<a href="http://x.example/">百家乐</a>')`);
    expect(only(script(`eval(decodeURIComponent("${inner}"));`)).evidence.script?.techniques).toContain(
      'eval',
    );
  });

  it('script-written links to the same site or trusted widgets are not reported', () => {
    const html = script(
      `document.write('<a href="/zwgk/index.html">信息公开</a>'); document.write('<a href="https://bszs.conac.cn/sitename?method=show">党政机关</a>');`,
    );
    expect(findHiddenLinks(html, PAGE_URL)).toEqual([]);
  });

  it('never runs the script', () => {
    const html = script(
      `globalThis.__ran = true; document.write('<a href="http://x.example/">' + (function(){ globalThis.__ran2 = true; return 'x' })() + '</a>');`,
    );
    findHiddenLinks(html, PAGE_URL);
    expect('__ran' in globalThis).toBe(false);
    expect('__ran2' in globalThis).toBe(false);
  });
});

describe('findHiddenLinks — negatives', () => {
  it('normal visible links, inbound or outbound, are never reported', () => {
    const html = page(
      '<ul><li><a href="https://www.gov.cn/">中国政府网</a></li><li><a href="http://news.example.com/a">新闻</a></li></ul>',
    );
    expect(findHiddenLinks(html, PAGE_URL)).toEqual([]);
  });

  it('an accessibility skip link off-screen pointing to #main is tolerated', () => {
    const html = page(
      '<a class="skip" href="#main">跳到主要内容</a>',
      '.skip{position:absolute;left:-9999px} .skip:focus{left:0}',
    );
    expect(findHiddenLinks(html, PAGE_URL)).toEqual([]);
  });

  it('a hidden mobile menu with same-site links is not spam', () => {
    const menu =
      '<nav class="m-menu"><a href="/">首页</a><a href="https://www.example-county.gov.cn/zwgk/">政务公开</a><a href="http://bm.example-county.gov.cn/">部门</a></nav>';
    expect(
      findHiddenLinks(
        page(menu, '.m-menu{display:none} @media (max-width:768px){.m-menu{display:block}}'),
        PAGE_URL,
      ),
    ).toEqual([]);
  });

  it('a hidden 友情链接 dropdown of government sites is not spam', () => {
    const html = page(
      '<select style="display:none"></select><div class="dd" style="display:none"><a href="http://www.beijing.gov.cn/">北京市人民政府</a></div>',
    );
    expect(findHiddenLinks(html, PAGE_URL)).toEqual([]);
  });

  it('javascript: and mailto: links are not outbound', () => {
    const html = page(
      '<div style="display:none"><a href="javascript:void(0)">x</a><a href="mailto:a@b.example">mail</a></div>',
    );
    expect(findHiddenLinks(html, PAGE_URL)).toEqual([]);
  });

  it('a hidden same-site link whose text is an illegal keyword is still reported (keyword reason)', () => {
    const f = only(page('<div style="display:none"><a href="/upload/a.html">博彩平台</a></div>'));
    expect(f.reason).toBe('keyword');
  });

  it('trusted domains can be configured', () => {
    const html = page('<div style="display:none"><a href="http://partner.example/">合作</a></div>');
    expect(findHiddenLinks(html, PAGE_URL)).toHaveLength(1);
    expect(findHiddenLinks(html, PAGE_URL, { trustedDomains: ['partner.example'] })).toEqual([]);
  });
});
