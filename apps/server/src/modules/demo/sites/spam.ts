/**
 * The injected content of the demo's compromised sites, as attackers plant it on real government portals:
 * hidden gambling links (暗链) by each technique the monitor detects, a defaced homepage, cloaked spam
 * served only to search crawlers, and openly published gambling advertising. Every domain ends in
 * ".example" (RFC 2606), and every term comes from the shipped gambling category list.
 */

export type HiddenTechnique =
  | 'display_none'
  | 'visibility_hidden'
  | 'offscreen'
  | 'zero_size'
  | 'same_colour'
  | 'overflow_clip'
  | 'zero_width_chars'
  | 'script_written';

export const HIDDEN_TECHNIQUES: readonly HiddenTechnique[] = [
  'display_none',
  'visibility_hidden',
  'offscreen',
  'zero_size',
  'same_colour',
  'overflow_clip',
  'zero_width_chars',
  'script_written',
];

const SPAM_LINKS = [
  { href: 'http://www.amjs-casino.example/', text: '澳门葡京' },
  { href: 'http://bjl.lucky-bet.example/', text: '百家乐' },
  { href: 'http://www.hg-sports-bet.example/', text: '皇冠体育' },
];

const anchors = (sep = '', attrs = '') =>
  SPAM_LINKS.map((l) => `<a href="${l.href}"${attrs}>${l.text}</a>`).join(sep);

/** Escapes every character of a string as \xNN / \uNNNN, as obfuscated injection scripts do. */
function jsEscape(s: string): string {
  return [...s]
    .map((c) => {
      const code = c.charCodeAt(0);
      return code < 256
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .join('');
}

/**
 * The <head> and body markup that hides the spam links by one technique. `nonce` is the page's CSP
 * nonce: the injected script carries it (planted in the CMS template), so a browser runs it.
 */
export function hiddenLinkMarkup(
  technique: HiddenTechnique,
  nonce?: string,
): { head?: string; inject: string } {
  switch (technique) {
    case 'display_none':
      return { inject: `<div style="display:none">${anchors(' ')}</div>` };
    case 'visibility_hidden':
      return {
        head: '<style>.gg-ad{visibility:hidden;height:1px}</style>',
        inject: `<div class="gg-ad">${anchors(' ')}</div>`,
      };
    case 'offscreen':
      return { inject: `<div style="position:absolute;left:-9999px;top:-9999px">${anchors(' ')}</div>` };
    case 'zero_size':
      return { inject: `<div style="width:0;height:0;overflow:hidden">${anchors(' ')}</div>` };
    case 'same_colour':
      return {
        head: '<style>#fl-bottom{background-color:#ffffff}.fl-a{color:#ffffff}</style>',
        inject: `<div id="fl-bottom">${anchors(' ', ' class="fl-a"')}</div>`,
      };
    case 'overflow_clip':
      return { inject: `<div style="height:1px;overflow:hidden"><br><br>${anchors(' ')}</div>` };
    case 'zero_width_chars':
      // Zero-width spaces break the keywords apart so a plain text filter misses them.
      return {
        inject: SPAM_LINKS.map((l) => `<a href="${l.href}">${[...l.text].join('\u200b')}</a>`).join(' '),
      };
    case 'script_written': {
      const markup = `<div style="position:absolute;top:-999px">${anchors(' ')}</div>`;
      return {
        inject: `<script type="text/javascript"${nonce ? ` nonce="${nonce}"` : ''}>var _0x5a1c="${jsEscape(markup)}";document.write(_0x5a1c);</script>`,
      };
    }
  }
}

/** The defaced homepage: the whole portal replaced by an attacker's page. */
export function defacedPage(siteName: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Hacked by Sh4d0w Crew</title>
<style>body{background:#000;color:#0f0;font-family:monospace;text-align:center;padding-top:80px}h1{font-size:48px}a{color:#f00}</style>
</head><body>
<h1>HACKED BY SH4D0W CREW</h1>
<p>${siteName} 已被入侵 —— your security is zero</p>
<p>Greetz: all crew members</p>
<p><a href="http://www.amjs-casino.example/">澳门葡京 在线赌场 真人娱乐 官方网站</a></p>
<script src="http://cdn.sh4d0w-crew.example/inject.js"></script>
<iframe src="http://www.amjs-casino.example/landing" width="600" height="80"></iframe>
</body></html>`;
}

/** What a cloaked site serves to crawlers: the portal plus a block of gambling spam and links. */
export const CLOAKED_SPAM = `<div class="seo-box"><h2>澳门葡京官方网站 — 网上赌场 真人娱乐 百家乐</h2>
<p>新葡京娱乐城 皇冠体育 在线赌场 注册即送彩金 <a href="http://www.amjs-casino.example/">澳门葡京</a>
<a href="http://bjl.lucky-bet.example/">百家乐官网</a> <a href="http://www.hg-sports-bet.example/">皇冠体育投注</a></p></div>`;

/** Openly published gambling advertising (illegal content in visible text, no warning context). */
export const GAMBLING_ADVERT = `<div class="ad-float"><h2>娱乐城 · 真人视讯</h2>
<p>百家乐 六合彩 时时彩 幸运飞艇 网上赌场 — 新用户首存即送100%彩金，24小时在线客服。</p></div>`;

/** Is this request from a search crawler or arriving from a search result? (what cloaking keys on) */
export function isCrawlerRequest(userAgent: string | undefined, referer: string | undefined): boolean {
  if (userAgent && /spider|bot|crawler|slurp/i.test(userAgent)) return true;
  return Boolean(referer && /(baidu|sogou|so|sm|bing|google)\.com/i.test(referer));
}
