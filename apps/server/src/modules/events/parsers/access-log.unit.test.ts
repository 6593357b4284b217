import { describe, expect, it } from 'vitest';
import { createParser } from './create-parser.ts';

const parser = createParser('access_log');
function parse(line: string) {
  const r = parser.parse(line);
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

describe('access logs', () => {
  it('maps the combined format to ECS and keeps nginx variable names in original', () => {
    const e = parse(
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?x=1 HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    );
    expect(e).toMatchObject({
      '@timestamp': '2000-10-10T20:55:36.000Z',
      logsource: { category: 'webserver' },
      source: { ip: '127.0.0.1' },
      user: { name: 'frank' },
      url: { original: '/apache_pb.gif?x=1', path: '/apache_pb.gif', query: 'x=1' },
      http: {
        request: { method: 'GET', referrer: 'http://www.example.com/start.html' },
        response: { status_code: 200, bytes: 2326 },
      },
      user_agent: { original: 'Mozilla/4.08 [en] (Win98; I ;Nav)' },
      original: { remote_addr: '127.0.0.1', request: 'GET /apache_pb.gif?x=1 HTTP/1.0', status: 200 },
    });
  });

  it('handles IPv6 clients, escaped quotes, "-" sizes and a request_time suffix', () => {
    const e = parse(
      '2001:db8::1 - - [21/Nov/2026:10:00:00 +0800] "GET /search?q=\\"x\\"&r=\\x22y HTTP/1.1" 404 - "-" "curl/8.0 \\"quoted\\"" 0.123 rt=0.120',
    );
    expect(e.source).toEqual({ ip: '2001:db8::1' });
    expect(e.url).toEqual({ original: '/search?q="x"&r="y', path: '/search', query: 'q="x"&r="y' });
    expect(e.http).toEqual({ request: { method: 'GET' }, response: { status_code: 404 } });
    expect(e.user_agent?.original).toBe('curl/8.0 "quoted"');
    expect(e.original).toMatchObject({ request_time: 0.123, rt: '0.120', extra: ['0.123', 'rt=0.120'] });
    expect(e.user).toBeUndefined();
  });

  it('reads the common format, vhost_combined and requests that are not HTTP', () => {
    const common = parse('10.1.1.1 - - [21/Nov/2026:10:00:00 +0800] "POST /login HTTP/1.1" 401 12');
    expect(common.http?.response?.status_code).toBe(401);
    expect(common.user_agent).toBeUndefined();
    const vhost = parse('www.gov.cn:443 10.0.0.1 - - [21/Nov/2026:10:00:00 +0800] "-" 408 0 "-" "-"');
    expect(vhost.url).toEqual({ domain: 'www.gov.cn' });
    expect(vhost.original.vhost).toBe('www.gov.cn:443');
    const tls = parse('1.2.3.4 - - [21/Nov/2026:10:00:00 +0800] "\\x16\\x03\\x01" 400 157');
    expect(tls.url).toEqual({ original: '\\x16\\x03\\x01' });
    expect(tls.http?.request).toBeUndefined();
  });

  it('splits absolute-form targets (proxies) and drops fragments', () => {
    const e = parse(
      '10.0.0.5 - - [21/Nov/2026:10:00:00 +0800] "GET http://www.example.gov.cn:8080/a/b.php?x=1#frag HTTP/1.1" 200 10',
    );
    expect(e.url).toEqual({
      original: 'http://www.example.gov.cn:8080/a/b.php?x=1#frag',
      path: '/a/b.php',
      query: 'x=1',
      domain: 'www.example.gov.cn',
    });
    expect(
      parse('1.2.3.4 - - [21/Nov/2026:10:00:00 +0800] "GET http://u:p@[2001:db8::1]:80/x HTTP/1.1" 200 1').url
        ?.domain,
    ).toBe('2001:db8::1');
    expect(parse('10.0.0.5 - - [21/Nov/2026:10:00:00 +0800] "GET http://h HTTP/1.1" 200 10').url).toEqual({
      original: 'http://h',
      path: '/',
      domain: 'h',
    });
  });

  it('reads a time without an offset in the source zone', () => {
    const utc = createParser('access_log', { timezone: 'UTC' }).parse(
      '1.2.3.4 - - [21/Nov/2026:10:00:00] "GET / HTTP/1.1" 200 1',
    );
    expect(utc.ok && utc.event['@timestamp']).toBe('2026-11-21T10:00:00.000Z');
  });

  it('explains why a line is not an access log line', () => {
    const error = (line: string) => {
      const r = parser.parse(line);
      return r.ok ? 'ok' : r.error;
    };
    expect(error('')).toBe('empty access log line');
    expect(error('hello world')).toMatch(/no \[time\] field/);
    expect(error('1.2.3.4 - - [21/Nov/2026:10:00:00 +0800 "GET / HTTP/1.1" 200 1')).toMatch(/not closed/);
    expect(error('1.2.3.4 - - [31/Feb/2026:10:00:00 +0800] "GET / HTTP/1.1" 200 1')).toMatch(
      /invalid access log time/,
    );
    expect(error('1.2.3.4 - - [21/Nov/2026:10:00:00 +0800] GET / 200 1')).toMatch(/request is not quoted/);
    expect(error('1.2.3.4 - - [21/Nov/2026:10:00:00 +0800] "GET / HTTP/1.1 200 1')).toMatch(
      /request is not closed/,
    );
    expect(error('1.2.3.4 - - [21/Nov/2026:10:00:00 +0800] "GET / HTTP/1.1" OK 1')).toMatch(/no status code/);
  });
});
