import { describe, expect, it } from 'vitest';
import { analyzePageContent } from '../analyzers/page-findings.ts';
import { buildPageModel } from '../analyzers/page-model.ts';
import { analyzeScript, isOpaqueWriter } from '../analyzers/script-analysis.ts';
import type { CheckFinding } from '../check-types.ts';
import { OBFUSCATED_SCRIPT } from './render.test-support.ts';
import { renderedEvidence, renderedHiddenLinksFinding } from './render-evidence.ts';
import { emptyRender, type PageRender } from './render-page.ts';
import { renderSignalOf } from './render-signal.ts';
import { isRenderDue } from './rendering.ts';

const opaque = (code: string) => isOpaqueWriter(code, analyzeScript(code));

describe('which scripts call for a browser', () => {
  it('flags code run from strings or decoded into the page, not scripts whose markup is read statically', () => {
    // A literal the static pass can decode is read, not rendered; one built at run time is not.
    expect(opaque('eval(atob("ZG9jdW1lbnQud3JpdGUoJzxhPicp"))')).toBe(false);
    expect(opaque('eval(atob(window.k + "ZG9j"))')).toBe(true);
    expect(opaque('var f = new Function(s); f();')).toBe(true);
    expect(opaque('var a=document.createElement("a");a.href=atob("aHR0cDovL3guZXhhbXBsZS8=");')).toBe(true);
    expect(opaque(`document.body.innerHTML += ${'"\\x3c\\x61\\x3e\\x3c\\x2f\\x61\\x3e\\x41\\x42"'};`)).toBe(
      false, // the static pass decodes \x escapes in a literal: it knows what is written
    );
    expect(opaque('document.write(unescape("%3Ca href=%22http://x.example/%22%3Ex%3C/a%3E"));')).toBe(false);
    expect(opaque('document.getElementById("n").innerHTML = new Date().getFullYear();')).toBe(false);
    expect(opaque('var s = atob(token); localStorage.setItem("t", s);')).toBe(false);
  });

  it('marks the page model’s disguised inline scripts', () => {
    const model = buildPageModel(
      `<html><body><p>x</p>${OBFUSCATED_SCRIPT}</body></html>`,
      'http://gov.example/',
    );
    expect(model.scripts.filter((s) => s.opaque)).toHaveLength(1);
  });
});

const finding = (type: CheckFinding['type'], evidence: Record<string, unknown>): CheckFinding => ({
  type,
  severity: 'II',
  title: type,
  evidence,
  pageUrl: 'http://gov.example/',
  isHomepage: true,
});

describe('renderSignalOf', () => {
  it('is null for a clean page, and names what made a page suspicious', () => {
    expect(renderSignalOf([finding('security_headers', {})], [])).toBeNull();
    const signal = renderSignalOf(
      [
        finding('hidden_links', { links: [{ href: 'http://b.example/' }, { href: 'http://a.example/' }] }),
        finding('illegal_content', { hits: [{ where: 'visible', category: 'gambling', keyword: '赌场' }] }),
        finding('cloaking', { reasons: ['crawler_only_links'] }),
      ],
      ['h1'],
    );
    expect(signal?.reasons).toEqual(['hidden_links', 'cloaking', 'opaque_script']);
    expect(signal?.staticHidden).toEqual(['http://b.example/', 'http://a.example/']);
    // Keywords in visible text alone do not ask for a render; in hidden text they do.
    const hiddenWords = renderSignalOf(
      [finding('illegal_content', { hits: [{ where: 'hidden', category: 'gambling', keyword: '赌场' }] })],
      [],
    );
    expect(hiddenWords?.reasons).toEqual(['hidden_keywords']);
  });

  it('keeps its signature while the suspicious content stays, whatever else changes', () => {
    const a = renderSignalOf(
      [finding('hidden_links', { links: [{ href: 'http://a.example/' }], count: 1 })],
      [],
    );
    const same = renderSignalOf(
      [finding('hidden_links', { links: [{ href: 'http://a.example/' }], count: 1, snippet: 'other' })],
      [],
    );
    const other = renderSignalOf([finding('hidden_links', { links: [{ href: 'http://c.example/' }] })], []);
    expect(same?.signature).toBe(a?.signature);
    expect(other?.signature).not.toBe(a?.signature);
  });

  it('comes out of the static analysis of a page with a disguised script', () => {
    const html = `<html><body><p>政务公开</p>${OBFUSCATED_SCRIPT}</body></html>`;
    const model = buildPageModel(html, 'http://gov.example/');
    const analysis = analyzePageContent(html, 'http://gov.example/', { isHomepage: true });
    const hashes = model.scripts.flatMap((s) => (s.opaque && s.inlineHash ? [s.inlineHash] : []));
    expect(renderSignalOf(analysis.findings, hashes)?.reasons).toEqual(['opaque_script']);
  });
});

function render(links: PageRender['links'], outcome: PageRender['outcome'] = 'ok'): PageRender {
  return { ...emptyRender('http://gov.example/'), finalUrl: 'http://gov.example/', outcome, links };
}

describe('renderedEvidence', () => {
  const meta = { renderId: 7, renderedAt: '2026-11-23T10:00:00.000Z', screenshotFileId: 7 };

  it('keeps hidden links the hidden-link rule calls suspicious, and tells which the static pass saw', () => {
    const evidence = renderedEvidence(
      render([
        { kind: 'link', href: 'http://www.gov.cn/', text: '中国政府网', reasons: [] },
        { kind: 'link', href: 'http://casino-bet.example/', text: '澳门赌场', reasons: ['display_none'] },
        { kind: 'link', href: 'http://script.example/', text: '在线博彩', reasons: ['offscreen'] },
        // Hidden but harmless: a collapsed same-site menu.
        { kind: 'link', href: 'http://gov.example/menu', text: '菜单', reasons: ['display_none'] },
        { kind: 'link', href: 'http://shown.example/', text: '友情链接', reasons: [] },
      ]),
      ['http://casino-bet.example/', 'http://shown.example/', 'http://gone.example/'],
      meta,
    );
    expect(evidence).toMatchObject({
      renderId: 7,
      screenshotFileId: 7,
      visibleLinks: 2,
      hiddenCount: 2,
      scriptOnly: 1,
      notConfirmed: [
        { href: 'http://shown.example/', rendered: 'visible' },
        { href: 'http://gone.example/', rendered: 'absent' },
      ],
    });
    expect(evidence.hiddenLinks.map((h) => [h.href, h.staticAlso])).toEqual([
      ['http://casino-bet.example/', true],
      ['http://script.example/', false],
    ]);
    expect(evidence.hiddenLinks[0]).toMatchObject({
      suspicion: 'outbound_and_keyword',
      reasons: ['display_none'],
    });
  });

  it('refutes nothing when the render did not finish', () => {
    const evidence = renderedEvidence(render([], 'timeout'), ['http://casino-bet.example/'], meta);
    expect(evidence.notConfirmed).toEqual([]);
    expect(evidence.outcome).toBe('timeout');
  });

  it('turns links only the browser saw into a hidden-link finding', () => {
    const evidence = renderedEvidence(
      render([{ kind: 'link', href: 'http://script.example/', text: '在线博彩', reasons: ['display_none'] }]),
      [],
      meta,
    );
    const f = renderedHiddenLinksFinding(evidence, 'http://gov.example/', true);
    expect(f).toMatchObject({
      type: 'hidden_links',
      severity: 'II',
      isHomepage: true,
      evidence: { source: 'rendered', count: 1, techniques: ['display_none'] },
    });
    expect(
      renderedHiddenLinksFinding(renderedEvidence(render([]), [], meta), 'http://gov.example/', true),
    ).toBeNull();
  });
});

describe('isRenderDue', () => {
  const now = new Date('2026-11-23T12:00:00.000Z');
  const ago = (minutes: number, signature = 'same') => ({
    rendered_at: new Date(now.getTime() - minutes * 60_000).toISOString(),
    signature,
  });

  it('renders a page never rendered, and again once the interval has passed', () => {
    expect(isRenderDue(undefined, 'same', now, 60)).toBe(true);
    expect(isRenderDue(ago(59), 'same', now, 60)).toBe(false);
    expect(isRenderDue(ago(60), 'same', now, 60)).toBe(true);
  });

  it('renders a changed page early, but not within minutes of its last render', () => {
    expect(isRenderDue(ago(6, 'before'), 'after', now, 60)).toBe(true);
    expect(isRenderDue(ago(2, 'before'), 'after', now, 60)).toBe(false);
    // A visitor counter ticking does not move the signature: nothing early then.
    expect(isRenderDue(ago(6), 'same', now, 60)).toBe(false);
  });
});
