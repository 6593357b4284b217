import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { brotliCompressSync, constants, createGzip, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closedPort,
  LOOPBACK,
  type LocalServer,
  startHttpServer,
  startTcpServer,
} from './fetch.test-support.ts';
import { MonitorFetchError } from './fetch-error.ts';
import { safeFetch } from './safe-fetch.ts';

// No database involved: run once, in the SQLite project.
const describeOnce = describe.skipIf(process.env.SHOUWANG_TEST_DIALECT === 'postgres');
const GBK_PAGE = Buffer.concat([
  Buffer.from('<html><head><meta charset="gbk"><title>'),
  Buffer.from('d5feb8aecdf8d5becad7d2b3', 'hex'), // 政府网站首页
  Buffer.from('</title></head><body>ok</body></html>'),
]);

async function failure(promise: Promise<unknown>): Promise<MonitorFetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MonitorFetchError) return err;
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

/** 100 MB of zeros, gzipped as a stream so the test itself never holds 100 MB. */
async function gzipBomb(): Promise<Buffer> {
  const out: Buffer[] = [];
  const zeros = Buffer.alloc(1024 * 1024);
  const gzip = createGzip({ level: 9 });
  gzip.on('data', (c: Buffer) => out.push(c));
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 0; i < 100; i++) yield zeros;
      })(),
    ),
    gzip,
  );
  return Buffer.concat(out);
}

describeOnce('safeFetch against hostile and broken servers', () => {
  let web: LocalServer;
  let bomb: Buffer;
  let brBomb: Buffer;
  const servers: LocalServer[] = [];
  const opts = { allowedNetworks: LOOPBACK };

  beforeAll(async () => {
    bomb = await gzipBomb();
    brBomb = brotliCompressSync(Buffer.alloc(16 * 1024 * 1024), {
      params: { [constants.BROTLI_PARAM_QUALITY]: 4 },
    });
    web = await startHttpServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY' });
        res.end('<html><body>首页 hello</body></html>');
      } else if (path.startsWith('/hop/')) {
        const n = Number(path.slice(5));
        res.writeHead(
          n > 0 ? 302 : 200,
          n > 0 ? { location: `/hop/${n - 1}` } : { 'content-type': 'text/plain' },
        );
        res.end(n > 0 ? '' : 'landed');
      } else if (path.startsWith('/loop/')) {
        res.writeHead(301, { location: `/loop/${Number(path.slice(6)) + 1}` });
        res.end();
      } else if (path === '/to-private') {
        res.writeHead(302, { location: 'http://10.1.2.3/admin' });
        res.end();
      } else if (path === '/to-named-private') {
        res.writeHead(307, { location: 'http://intranet.example.gov.cn/' });
        res.end();
      } else if (path === '/to-file') {
        res.writeHead(302, { location: 'file:///etc/passwd' });
        res.end();
      } else if (path === '/drip') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => res.write('.'), 250);
        res.on('close', () => clearInterval(timer));
      } else if (path === '/bomb' || path === '/br-bomb') {
        const br = path === '/br-bomb';
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': br ? 'br' : 'gzip' });
        res.end(br ? brBomb : bomb);
      } else if (path === '/big') {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 8 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
      } else if (path === '/png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.from('89504e470d0a1a0a0000', 'hex'));
      } else if (path === '/gbk') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(GBK_PAGE);
      } else if (path === '/gbk-gzip') {
        res.writeHead(200, { 'content-type': 'text/html; charset=GB2312', 'content-encoding': 'gzip' });
        res.end(gzipSync(GBK_PAGE));
      } else if (path === '/500') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error');
      } else if (path === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
        res.end(
          JSON.stringify({
            ua: req.headers['user-agent'],
            referer: req.headers.referer,
            host: req.headers.host,
          }),
        );
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    servers.push(web);
  });

  afterEach(async () => {
    // Every fetch, successful or not, must leave no connection open on the server.
    for (const s of servers) expect(await s.connections()).toBe(0);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('fetches a page with status, lower-case headers, decoded text, address and timings', async () => {
    const r = await safeFetch(`${web.url}/`, opts);
    expect(r).toMatchObject({
      requestedUrl: `${web.url}/`,
      finalUrl: `${web.url}/`,
      status: 200,
      contentType: 'text/html',
      charset: 'utf-8',
      remoteAddress: '127.0.0.1',
      bodyTruncated: false,
      redirects: [],
    });
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.text).toContain('首页 hello');
    expect(r.timings.totalMs).toBeGreaterThan(0);
    expect(r.timings.firstByteMs).toBeLessThanOrEqual(r.timings.totalMs);
    expect(r.tls).toBeUndefined();
  });

  it('sends the given user agent and referer, and joins repeated headers', async () => {
    const r = await safeFetch(`${web.url}/echo`, {
      ...opts,
      userAgent: 'Baiduspider',
      headers: { Referer: 'https://www.baidu.com/s?wd=x' },
    });
    expect(JSON.parse(r.text ?? '')).toEqual({
      ua: 'Baiduspider',
      referer: 'https://www.baidu.com/s?wd=x',
      host: web.url.slice('http://'.length),
    });
    expect(r.headers['set-cookie']).toBe('a=1\nb=2');
  });

  it('refuses loopback by default, before connecting', async () => {
    const err = await failure(safeFetch(`${web.url}/`));
    expect(err).toMatchObject({ kind: 'forbidden_address', phase: 'dns' });
    expect(err.detail).toMatchObject({ address: '127.0.0.1' });
    expect(String(err.detail.reason)).toContain('loopback');
  });

  it('refuses a name when ANY of its addresses is forbidden, including IPv4-mapped IPv6', async () => {
    const resolver = async () => ['1.1.1.1', '::ffff:127.0.0.1'];
    const err = await failure(safeFetch('http://mixed.example.gov.cn/', { resolver }));
    expect(err).toMatchObject({ kind: 'forbidden_address' });
    expect(err.detail).toMatchObject({ hostname: 'mixed.example.gov.cn', address: '127.0.0.1' });
  });

  it('connects to the vetted address, sending the host name, when a stub resolver maps a name to loopback', async () => {
    const port = web.port;
    const r = await safeFetch(`http://portal.example.gov.cn:${port}/echo`, {
      ...opts,
      resolver: async (name) => (name === 'portal.example.gov.cn' ? ['127.0.0.1'] : []),
    });
    expect(JSON.parse(r.text ?? '').host).toBe(`portal.example.gov.cn:${port}`);
    expect(r.remoteAddress).toBe('127.0.0.1');
  });

  it('follows redirects and records each hop', async () => {
    const r = await safeFetch(`${web.url}/hop/3`, opts);
    expect(r.status).toBe(200);
    expect(r.finalUrl).toBe(`${web.url}/hop/0`);
    expect(r.redirects.map((h) => [h.status, h.location])).toEqual([
      [302, '/hop/2'],
      [302, '/hop/1'],
      [302, '/hop/0'],
    ]);
    expect(r.text).toBe('landed');
  });

  it('stops an endless redirect chain', async () => {
    const err = await failure(safeFetch(`${web.url}/loop/0`, { ...opts, maxRedirects: 4 }));
    expect(err).toMatchObject({ kind: 'too_many_redirects', phase: 'redirect' });
    expect(err.detail.redirects).toHaveLength(5);
  });

  it('vets every redirect hop: a hop to a private address or a name resolving to one is refused', async () => {
    const toIp = await failure(safeFetch(`${web.url}/to-private`, opts));
    expect(toIp).toMatchObject({ kind: 'forbidden_address' });
    expect(toIp.detail).toMatchObject({ address: '10.1.2.3' });
    const resolver = async (name: string) => (name === 'intranet.example.gov.cn' ? ['192.168.10.5'] : []);
    const toName = await failure(safeFetch(`${web.url}/to-named-private`, { ...opts, resolver }));
    expect(toName.detail).toMatchObject({ hostname: 'intranet.example.gov.cn', address: '192.168.10.5' });
  });

  it('refuses redirects and URLs that are not http(s)', async () => {
    expect(await failure(safeFetch(`${web.url}/to-file`, opts))).toMatchObject({
      kind: 'invalid_url',
      phase: 'redirect',
    });
    expect(await failure(safeFetch('ftp://example.com/'))).toMatchObject({
      kind: 'invalid_url',
      phase: 'url',
    });
    expect(await failure(safeFetch('not a url'))).toMatchObject({ kind: 'invalid_url' });
    expect(await failure(safeFetch('http://user:pw@example.com/'))).toMatchObject({ kind: 'invalid_url' });
  });

  it('reports a name that does not exist, and a DNS server that never answers', async () => {
    const missing = await failure(safeFetch('http://no-such-site.invalid/', { timeouts: { dns: 3_000 } }));
    expect(missing).toMatchObject({ kind: 'dns', phase: 'dns' });
    expect(missing.detail).toMatchObject({ hostname: 'no-such-site.invalid' });
    const hang = await failure(
      safeFetch('http://slow-dns.example.gov.cn/', {
        resolver: () => new Promise(() => {}),
        timeouts: { dns: 200 },
      }),
    );
    expect(hang).toMatchObject({ kind: 'timeout', phase: 'dns' });
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const err = await failure(safeFetch(`http://127.0.0.1:${port}/`, opts));
    expect(err).toMatchObject({ kind: 'connect', phase: 'connect' });
    expect(err.detail).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('gives up on a slow-drip body at the total timeout', async () => {
    const started = Date.now();
    const err = await failure(safeFetch(`${web.url}/drip`, { ...opts, timeouts: { total: 1_200 } }));
    expect(err).toMatchObject({ kind: 'timeout', phase: 'body' });
    expect(err.detail).toMatchObject({ limit: 'total' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('gives up on a server that accepts but never answers at the first-byte timeout', async () => {
    const silent = await startTcpServer(() => {});
    servers.push(silent);
    const err = await failure(safeFetch(`${silent.url}/`, { ...opts, timeouts: { firstByte: 300 } }));
    expect(err).toMatchObject({ kind: 'timeout', phase: 'first_byte' });
  });

  it('rejects garbage instead of HTTP, and oversized headers', async () => {
    const garbage = await startTcpServer((s: Socket) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    const huge = await startTcpServer((s: Socket) => {
      s.write(`HTTP/1.1 200 OK\r\nX-Filler: ${'a'.repeat(100_000)}\r\n\r\n`);
    });
    servers.push(garbage, huge);
    expect(await failure(safeFetch(`${garbage.url}/`, opts))).toMatchObject({
      kind: 'protocol',
      phase: 'first_byte',
    });
    expect(await failure(safeFetch(`${huge.url}/`, opts))).toMatchObject({
      kind: 'too_large',
      phase: 'first_byte',
    });
  });

  it('stops inflating a gzip bomb (100 MB of zeros) at the decompression cap', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const cap = 8 * 1024 * 1024;
    const r = await safeFetch(`${web.url}/bomb`, { ...opts, maxDecompressedBytes: cap });
    expect(r.bodyTruncated).toBe(true);
    expect(r.truncation).toEqual({ reason: 'max_decompressed_bytes', limit: cap });
    expect(r.body.length).toBe(cap);
    expect(r.wireBytes).toBeLessThan(bomb.length + 1);
    // Far less than the 100 MB the bomb would inflate to.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(60 * 1024 * 1024);
    const thrown = await failure(
      safeFetch(`${web.url}/bomb`, { ...opts, maxDecompressedBytes: cap, onLimit: 'throw' }),
    );
    expect(thrown).toMatchObject({ kind: 'decompression_bomb', phase: 'body' });
  });

  it('stops a brotli bomb the same way', async () => {
    const r = await safeFetch(`${web.url}/br-bomb`, { ...opts, maxDecompressedBytes: 1024 * 1024 });
    expect(r.truncation?.reason).toBe('max_decompressed_bytes');
    expect(r.body.length).toBe(1024 * 1024);
  });

  it('cuts an oversized body at the wire cap, or fails with too_large when asked to', async () => {
    const cap = 1024 * 1024;
    const r = await safeFetch(`${web.url}/big`, { ...opts, maxBodyBytes: cap });
    expect(r).toMatchObject({ bodyTruncated: true, truncation: { reason: 'max_body_bytes', limit: cap } });
    expect(r.body.length).toBe(cap);
    const thrown = await failure(
      safeFetch(`${web.url}/big`, { ...opts, maxBodyBytes: cap, onLimit: 'throw' }),
    );
    expect(thrown).toMatchObject({ kind: 'too_large', phase: 'body' });
  });

  it('keeps non-HTML content as bytes without decoding it', async () => {
    const r = await safeFetch(`${web.url}/png`, opts);
    expect(r.contentType).toBe('image/png');
    expect(r.text).toBeUndefined();
    expect(r.body.subarray(1, 4).toString()).toBe('PNG');
  });

  it('decodes GBK pages from a meta tag and from a gzipped GB2312 header', async () => {
    const meta = await safeFetch(`${web.url}/gbk`, opts);
    expect(meta.charset).toBe('gb18030');
    expect(meta.text).toContain('<title>政府网站首页</title>');
    const gz = await safeFetch(`${web.url}/gbk-gzip`, opts);
    expect(gz.text).toContain('<title>政府网站首页</title>');
  });

  it('returns an HTTP 500 as a result (the checks judge it), and HEAD without a body', async () => {
    const r = await safeFetch(`${web.url}/500`, opts);
    expect(r.status).toBe(500);
    expect(r.text).toBe('Internal Server Error');
    const head = await safeFetch(`${web.url}/`, { ...opts, method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, wireBytes: 0 });
    expect(head.body.length).toBe(0);
  });
});
