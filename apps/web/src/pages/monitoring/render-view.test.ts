import { describe, expect, it } from 'vitest';
import { renderViewOfFinding } from './render-view.ts';

const rendered = {
  renderId: 7,
  renderedAt: '2026-11-23T01:02:03.000Z',
  outcome: 'ok',
  error: null,
  finalUrl: 'http://127.0.0.1:18115/',
  status: 200,
  visibleLinks: 309,
  hiddenLinks: [
    {
      kind: 'link',
      href: 'http://www.xpj-yulecheng.example/',
      text: '新葡京娱乐城',
      reasons: ['offscreen'],
      suspicion: 'outbound_and_keyword',
      domain: 'www.xpj-yulecheng.example',
      keywords: [],
      staticAlso: false,
    },
    {
      kind: 'link',
      href: 'http://in-frame.example/',
      text: '百家乐',
      reasons: ['display_none'],
      suspicion: 'keyword',
      staticAlso: true,
      frameUrl: 'http://127.0.0.1:18115/ad.html',
    },
  ],
  hiddenCount: 2,
  scriptOnly: 1,
  notConfirmed: [{ href: 'http://gone.example/', rendered: 'absent' }],
  blocked: [],
  blockedCount: 4,
  screenshotFileId: 7,
};
const finding = (evidence: Record<string, unknown>) => ({
  evidence,
  pageUrl: 'http://127.0.0.1:18115/',
  isHomepage: true,
});

describe('the render a finding carries', () => {
  it('is read from evidence.rendered, with the screenshot, the hidden links and their frames', () => {
    const view = renderViewOfFinding(finding({ source: 'rendered', rendered }));
    expect(view).toMatchObject({
      renderId: 7,
      outcome: 'ok',
      isHomepage: true,
      pageUrl: 'http://127.0.0.1:18115/',
      visibleLinks: 309,
      hiddenCount: 2,
      blockedCount: 4,
      screenshot: { id: 7 },
      notConfirmed: [{ href: 'http://gone.example/', rendered: 'absent' }],
    });
    expect(view?.hiddenLinks).toEqual([
      {
        kind: 'link',
        href: 'http://www.xpj-yulecheng.example/',
        text: '新葡京娱乐城',
        reasons: ['offscreen'],
        suspicion: 'outbound_and_keyword',
        staticAlso: false,
      },
      {
        kind: 'link',
        href: 'http://in-frame.example/',
        text: '百家乐',
        reasons: ['display_none'],
        suspicion: 'keyword',
        staticAlso: true,
        frameUrl: 'http://127.0.0.1:18115/ad.html',
      },
    ]);
    expect(view?.durationMs).toBeUndefined();
  });

  it('is null for findings without a render, and drops what is malformed', () => {
    expect(renderViewOfFinding(finding({ count: 3 }))).toBeNull();
    expect(renderViewOfFinding(finding({ rendered: 'yes' }))).toBeNull();
    expect(renderViewOfFinding(finding({ rendered: { ...rendered, outcome: 'maybe' } }))).toBeNull();
    const view = renderViewOfFinding(
      finding({
        rendered: {
          ...rendered,
          screenshotFileId: null,
          visibleLinks: -1,
          hiddenLinks: [
            { href: 5 },
            { ...rendered.hiddenLinks[0], suspicion: 'odd' },
            rendered.hiddenLinks[1],
          ],
          notConfirmed: [{ href: 'x', rendered: 'gone' }],
        },
      }),
    );
    expect(view?.screenshot).toBeNull();
    expect(view?.visibleLinks).toBe(0);
    expect(view?.hiddenLinks.map((h) => h.href)).toEqual(['http://in-frame.example/']);
    expect(view?.notConfirmed).toEqual([]);
  });
});
