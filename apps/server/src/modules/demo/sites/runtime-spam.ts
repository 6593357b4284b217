/**
 * The demo's hidden links that only a browser finds. The attacker appended a few lines to the portal's
 * inline visit-statistics snippet (so it carries the CMS's CSP nonce and runs): after a short delay it
 * fetches a "statistics config" from the same site, whose address is spelled out in character codes,
 * builds the links from that JSON with createElement, and hides them with a stylesheet that also comes
 * from the JSON. The page's HTML holds no link, no keyword and no markup: the static analysis can only
 * say that a script decodes and builds elements (an opaque writer), which asks for a render, and the
 * browser then sees the links off the page. Every domain ends in ".example" (RFC 2606), every term comes
 * from the shipped gambling list.
 */

/** Where the planted "statistics config" is served (on the same demo site). */
export const RUNTIME_SPAM_PATH = '/static/js/tj-conf.json';

/** The links the script builds; none of them appears in the page's HTML. */
export const RUNTIME_SPAM_LINKS = [
  { href: 'http://www.xpj-yulecheng.example/', text: '新葡京娱乐城' },
  { href: 'http://zr.ag-casino.example/', text: '真人娱乐 在线赌场' },
  { href: 'http://ssc.lucky-bet.example/', text: '时时彩 幸运飞艇' },
] as const;

/** The hiding rule, applied only once the script has run: the links are placed far off the page. */
const RUNTIME_SPAM_CLASS = 'ft-yqlj';
const RUNTIME_SPAM_STYLE = `.${RUNTIME_SPAM_CLASS}{position:absolute;left:-9999px;top:-9999px;width:1px;overflow:hidden}`;

/** The JSON the script fetches: short keys, as such configs are written. */
export function runtimeSpamConfig(): string {
  return JSON.stringify({
    v: 3,
    c: RUNTIME_SPAM_CLASS,
    s: RUNTIME_SPAM_STYLE,
    l: RUNTIME_SPAM_LINKS.map((l) => ({ h: l.href, t: l.text })),
  });
}

/** The statistics snippet with the attacker's lines, as the page serves it (before </body>). */
export function runtimeSpamScript(nonce: string): string {
  const codes = [...RUNTIME_SPAM_PATH].map((c) => c.charCodeAt(0)).join(',');
  return `<script nonce="${nonce}">
var _tjq = _tjq || [];
_tjq.push(['_trackPageview']);
(function (w, d) {
  var k = [${codes}], u = '';
  for (var i = 0; i < k.length; i++) u += String.fromCharCode(k[i]);
  w.setTimeout(function () {
    var x = new XMLHttpRequest();
    x.open('GET', u, true);
    x.onload = function () {
      if (x.status !== 200) return;
      var c = JSON.parse(x.responseText), s = d.createElement('style'), b = d.createElement('div');
      s.appendChild(d.createTextNode(c.s));
      d.head.appendChild(s);
      b.className = c.c;
      for (var j = 0; j < c.l.length; j++) {
        var a = d.createElement('a');
        a.href = c.l[j].h;
        a.appendChild(d.createTextNode(c.l[j].t));
        b.appendChild(a);
      }
      d.body.appendChild(b);
    };
    x.send();
  }, 200);
})(window, document);
</script>`;
}
