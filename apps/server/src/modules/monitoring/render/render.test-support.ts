import { describe, it } from 'vitest';
import { chromiumProblem } from '../../../config/config.ts';

/** Helpers shared by the rendering tests (not a test file itself). */

/** The Chromium the rendering tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium; null without. */
export function testChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidate = env.CHROMIUM_PATH || '/usr/bin/chromium';
  return chromiumProblem(candidate) === null ? candidate : null;
}

/** CI demands the browser tests (E2E_REQUIRED=1): a missing Chromium is then a failure, not a skip. */
export const chromiumRequired = () => process.env.E2E_REQUIRED === '1' || process.env.E2E_REQUIRED === 'true';

/**
 * A describe block that needs a real Chromium. Without one it fails when E2E_REQUIRED=1 (as in CI, which
 * installs Chromium), and is otherwise skipped with a plain message, never mistaken for a pass.
 */
export function describeWithChromium(
  name: string,
  body: (chromium: string) => void,
  options: { databaseFree?: boolean } = {},
): void {
  // Tests without a database run once, in the SQLite project.
  if (options.databaseFree && process.env.SHOUWANG_TEST_DIALECT === 'postgres') {
    describe.skip(name, () => body(''));
    return;
  }
  const chromium = testChromium();
  if (chromium) describe(name, () => body(chromium));
  else if (chromiumRequired()) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(
          'E2E_REQUIRED=1 but no Chromium was found (/usr/bin/chromium or CHROMIUM_PATH): apt-get install chromium',
        );
      });
    });
  } else {
    console.log(`rendering tests SKIPPED: no Chromium at /usr/bin/chromium or CHROMIUM_PATH (${name})`);
    describe.skip(name, () => body(''));
  }
}

const page = (body: string, title = '某县人民政府') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
  '<style>body{margin:0;background:#fff;color:#222;font:16px sans-serif}</style></head>' +
  `<body><h1>${title}</h1>${body}<footer>京ICP备12345678号-1</footer></body></html>`;

/**
 * A link written by a script the static analysis cannot read: the URL is base64 (atob) and the link is
 * built with createElement, then hidden in a display:none box.
 */
export const OBFUSCATED_SCRIPT =
  '<script>(function(){var d=document.createElement("div");d.style.display="none";' +
  'var a=document.createElement("a");a.href=atob("aHR0cDovL3NjcmlwdC1jYXNpbm8uZXhhbXBsZS8=");' +
  'a.textContent="\\u6fb3\\u95e8"+"\\u8d4c\\u573a";d.appendChild(a);document.body.appendChild(d);})();</script>';
export const OBFUSCATED_HREF = 'http://script-casino.example/';

/** One link per hiding technique (the key is the host of its link), plus visible ones. */
export const TECHNIQUE_LINKS: Record<string, { html: string; reason: string }> = {
  'display-none.example': {
    html: '<div style="display:none"><a href="http://display-none.example/">澳门赌场</a></div>',
    reason: 'display_none',
  },
  'visibility-hidden.example': {
    html: '<p style="visibility:hidden"><a href="http://visibility-hidden.example/">在线博彩</a></p>',
    reason: 'visibility_hidden',
  },
  'opacity.example': {
    html: '<p style="opacity:0"><a href="http://opacity.example/">六合彩</a></p>',
    reason: 'opacity_zero',
  },
  'offscreen.example': {
    html: '<div style="position:absolute;left:-9999px;top:-9999px"><a href="http://offscreen.example/">百家乐</a></div>',
    reason: 'offscreen',
  },
  'text-indent.example': {
    html: '<a style="display:block;text-indent:-99999px" href="http://text-indent.example/">真人娱乐</a>',
    reason: 'offscreen',
  },
  'zero-size.example': {
    html: '<div style="width:0;height:0;overflow:hidden"><a href="http://zero-size.example/">博彩网站</a></div>',
    reason: 'zero_size',
  },
  'overflow.example': {
    html: '<div style="width:300px;height:30px;overflow:hidden"><p style="margin-top:200px"><a href="http://overflow.example/">彩票投注</a></p></div>',
    reason: 'overflow_clip',
  },
  'clip.example': {
    html: '<div style="position:absolute;clip:rect(0 0 0 0)"><a href="http://clip.example/">网上赌场</a></div>',
    reason: 'overflow_clip',
  },
  'font-zero.example': {
    html: '<p style="font-size:0"><a href="http://font-zero.example/">赌博平台</a></p>',
    reason: 'zero_font',
  },
  'same-colour.example': {
    html: '<p style="background:#fff"><a style="color:#fefefe" href="http://same-colour.example/">博彩娱乐</a></p>',
    reason: 'same_colour',
  },
};

export const VISIBLE_HREF = 'http://www.gov.cn/';
/** Visible, far down the page: below the first screen is not hidden. */
export const BELOW_FOLD_HREF = 'http://www.beian.gov.cn/';

export const TECHNIQUES_PAGE = page(
  `<p>政务公开 <a href="${VISIBLE_HREF}">中国政府网</a></p>` +
    Object.values(TECHNIQUE_LINKS)
      .map((t) => t.html)
      .join('') +
    `<div style="height:3000px"></div><p><a href="${BELOW_FOLD_HREF}">备案查询</a></p>` +
    OBFUSCATED_SCRIPT,
);

/** A page whose only hidden link is written by the obfuscated script. */
export const OPAQUE_ONLY_PAGE = page(
  `<p>政务公开 <a href="${VISIBLE_HREF}">中国政府网</a></p>${OBFUSCATED_SCRIPT}`,
);

/** A static display:none link and the obfuscated one. */
export const STATIC_AND_OPAQUE_PAGE = page(
  `<p>政务公开</p><div style="display:none"><a href="http://casino-bet.example/">澳门赌场</a></div>${OBFUSCATED_SCRIPT}`,
);

/** A script that never yields. */
export const ENDLESS_LOOP_PAGE = page('<p>loading</p><script>for(;;){}</script>');
