import { describe, expect, it } from 'vitest';
import { findMixedContent } from './mixed-content.ts';

describe('findMixedContent', () => {
  it('finds active and passive http:// subresources', () => {
    const html = `
      <script src="http://cdn.example.com/a.js"></script>
      <link rel="stylesheet" href='http://cdn.example.com/a.css'>
      <iframe src=http://ads.example.com/frame></iframe>
      <img src="http://img.example.com/x.png" srcset="http://img.example.com/x2.png 2x, /local.png 3x">
      <form action="http://example.com/login"></form>`;
    expect(findMixedContent(html)).toEqual([
      { tag: 'script', attribute: 'src', url: 'http://cdn.example.com/a.js', active: true },
      { tag: 'link', attribute: 'href', url: 'http://cdn.example.com/a.css', active: true },
      { tag: 'iframe', attribute: 'src', url: 'http://ads.example.com/frame', active: true },
      { tag: 'img', attribute: 'src', url: 'http://img.example.com/x.png', active: false },
      { tag: 'img', attribute: 'srcset', url: 'http://img.example.com/x2.png', active: false },
      { tag: 'form', attribute: 'action', url: 'http://example.com/login', active: true },
    ]);
  });

  it('ignores https, relative and protocol-relative URLs, plain links, canonical links and comments', () => {
    const html = `
      <a href="http://other.example.com/">a link is navigation, not a subresource</a>
      <link rel="canonical" href="http://www.example.gov.cn/">
      <script src="https://cdn.example.com/a.js"></script><img src="/logo.png"><img src="//cdn.example.com/x.png">
      <!-- <script src="http://old.example.com/x.js"></script> -->`;
    expect(findMixedContent(html)).toEqual([]);
  });

  it('stays fast on hostile input', () => {
    const started = Date.now();
    findMixedContent(`<img ${'a='.repeat(200_000)}`);
    findMixedContent('<script'.repeat(100_000));
    findMixedContent('<!--'.repeat(100_000));
    findMixedContent(`${'<script '.repeat(100_000)}>`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
