import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCloaking } from './cloaking.ts';
import { parseColour } from './colour.ts';
import { parseStylesheet } from './css.ts';
import { findHiddenLinks } from './hidden-links.ts';
import { findIcpNumber } from './icp.ts';
import { tokenizeJs } from './js-tokens.ts';
import { createDefaultKeywordMatcher } from './keyword-matcher.ts';
import { extractLinks } from './links.ts';
import { analyzePageContent } from './page-findings.ts';
import { analyzeScript } from './script-analysis.ts';
import { compareSnapshots, snapshotPage } from './snapshot.ts';

const URL_ = 'https://www.example.gov.cn/';

const REAL = `<!doctype html><html><head><title>某县人民政府</title><base href="/sub/"><style>
.h{display:none} @media screen{#x .y > a{color:#fff;background:rgb(255,255,255)}} a:hover{color:red}</style>
<script>var a='<a hr'+"ef='http://x.example/'>"; document.write(a + unescape('%u767e%u5bb6%u4e50</a>'));
document.getElementById('q').innerHTML = String.fromCharCode(60,98,62) + atob('PGk+');</script></head>
<body><div class="h"><a href="http://bet.example/">澳门赌场</a></div><div id="x"><p class="y"><a href="/p">p</a></p></div>
<marquee height=1><a href="http://m.example/">六合彩</a></marquee><iframe src="http://i.example" width=0></iframe>
<p style="font-size:0;color:#fff;text-indent:-9999px">京ICP备12345678号-1 京公网安备11010502030143号</p></body></html>`;

/** Mutations of real HTML: cut, duplicate, insert junk, swap slices. */
const mutatedHtml = fc
  .array(
    fc.record({
      at: fc.nat({ max: REAL.length }),
      len: fc.nat({ max: 80 }),
      op: fc.constantFrom('cut', 'dup', 'insert', 'swap'),
      junk: fc.string({
        maxLength: 20,
        unit: fc.constantFrom(
          '<',
          '>',
          '"',
          "'",
          '/',
          '{',
          '}',
          ';',
          '(',
          ')',
          '\\',
          '=',
          'a',
          '\u200b',
          '彩',
          ' ',
        ),
      }),
    }),
    { maxLength: 12 },
  )
  .map((ops) => {
    let s = REAL;
    for (const { at, len, op, junk } of ops) {
      const i = Math.min(at, s.length);
      if (op === 'cut') s = s.slice(0, i) + s.slice(i + len);
      else if (op === 'dup') s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
      else if (op === 'insert') s = s.slice(0, i) + junk + s.slice(i);
      else s = s.slice(i, i + len) + s.slice(0, i) + s.slice(i + len);
    }
    return s;
  });

const anyText = fc.oneof(
  fc.string({ maxLength: 2000 }),
  fc.string({ maxLength: 500, unit: 'binary' }),
  mutatedHtml,
);

describe('analyzers never throw and always finish', () => {
  it('on arbitrary strings and mutated real HTML', () => {
    const matcher = createDefaultKeywordMatcher();
    fc.assert(
      fc.property(anyText, anyText, (html, other) => {
        findHiddenLinks(html, URL_, { matcher });
        extractLinks(html, URL_);
        findIcpNumber(html);
        const a = snapshotPage(html, URL_, matcher);
        const b = snapshotPage(other, URL_, matcher);
        const c = compareSnapshots(a, b);
        expect(c.score).toBeGreaterThanOrEqual(0);
        expect(c.score).toBeLessThanOrEqual(1);
        expect(compareSnapshots(a, a).changed).toBe(false);
        compareCloaking({ finalUrl: URL_, text: html }, { finalUrl: URL_, text: other }, { matcher });
        analyzePageContent(html, URL_, { isHomepage: true, matcher, baseline: b });
      }),
      { numRuns: 300 },
    );
  });

  it('script, CSS and colour parsers on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (s) => {
        tokenizeJs(s);
        analyzeScript(`document.write(${s})`);
        analyzeScript(`x.innerHTML = ${s}; eval(${s})`);
        parseStylesheet(s);
        parseColour(s);
        createDefaultKeywordMatcher().scan(s);
      }),
      { numRuns: 500 },
    );
  });

  it('keyword hits always point at the matched text', () => {
    const matcher = createDefaultKeywordMatcher();
    const unit = fc.constantFrom(
      '博',
      '彩',
      '百',
      '家',
      '乐',
      '樂',
      ' ',
      '\u200b',
      '*',
      'a',
      'ｂ',
      '赌',
      '场',
      '澳',
      '门',
      '門',
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit }), (s) => {
        for (const hit of matcher.scan(s))
          expect(s.slice(hit.index, hit.index + hit.length)).toBe(hit.matched);
      }),
      { numRuns: 500 },
    );
  });

  it('hostile shapes: deep nesting, huge attributes, unbalanced scripts and styles, giant strings', () => {
    const deep = `${'<div>'.repeat(20_000)}<a href="http://x.example/">百家乐</a>${'</div>'.repeat(20_000)}`;
    expect(findHiddenLinks(deep, URL_)).toEqual([]);
    const hiddenDeep = `<div style="display:none">${'<span>'.repeat(5000)}<a href="http://x.example/">百家乐</a></div>`;
    expect(findHiddenLinks(hiddenDeep, URL_)).toHaveLength(1);
    findHiddenLinks(`<script>${'('.repeat(50_000)}</script><style>${'{'.repeat(50_000)}</style>`, URL_);
    findHiddenLinks(`<script>document.write(${"'a'+".repeat(20_000)}'<a href=x>')</script>`, URL_);
    findHiddenLinks(`<a href="${'x'.repeat(1_000_000)}" class="${'c '.repeat(10_000)}">t</a>`, URL_);
    const nestedWrites = `<script>document.write("<script>document.write('<scr'+'ipt>document.write(\\"<a href=http://x.example/>x</a>\\")</scr'+'ipt>')<\\/script>")</script>`;
    findHiddenLinks(nestedWrites, URL_);
    analyzeScript(`eval(unescape('${encodeURIComponent("eval(unescape('%65%76%61%6c%28%29'))")}'))`);
  });
});
