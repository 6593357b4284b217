import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from '../../../test/harness.ts';
import { insertAsset } from '../assets/assets.test-support.ts';

/** Helpers shared by the monitoring test files (not a test file itself). */

export const ICP_FOOTER = '<footer><p>京ICP备12345678号-1</p></footer>';

export function govPage(body: string, title = '某县人民政府'): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}${ICP_FOOTER}</body></html>`;
}

export const HEALTHY = govPage(
  '<p>政务公开 办事服务 互动交流</p><p>本网站由县人民政府办公室主办，负责全县政务信息发布。</p><p>县长信箱 政策文件 政府工作报告</p><p>联系电话 0000-1234567 地址 某县人民路1号</p>',
);

export const HIDDEN_LINKS = govPage(
  '<p>政务公开 办事服务 互动交流</p><div style="display:none"><a href="http://casino-bet.example/">澳门赌场</a><a href="http://888-bet.example/">在线博彩</a></div>',
);

export const DEFACED = govPage(
  '<p>Hacked by someone. 网站已被接管。</p><script src="http://evil.example/x.js"></script><a href="http://casino-bet.example/">澳门赌场 在线博彩</a>',
  'Hacked',
);

/** A local site whose answer tests change between runs: a page, or a server error while it is "down". */
export interface LocalSite {
  url: string;
  html: string;
  down: boolean;
  hits: number;
  close(): Promise<void>;
}

export async function startSite(html = HEALTHY): Promise<LocalSite> {
  const site: LocalSite = { url: '', html, down: false, hits: 0, close: async () => {} };
  const server: Server = createServer((_req, res) => {
    site.hits++;
    if (site.down) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('down');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(site.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  site.url = `http://127.0.0.1:${port}/`;
  site.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}

export async function websiteAsset(ctx: TestContext, unitId: number, url: string, name = `Site ${url}`) {
  return insertAsset(ctx, unitId, { name, urls: [url] });
}

/** Claims what is due now and runs it at once, as the scheduler and a worker would. */
export async function tickAndRun(ctx: TestContext) {
  const svc = ctx.services.monitoring;
  const claims = await svc.tick(async () => {}, ctx.clock.now());
  const results = [];
  for (const claim of claims) results.push(await svc.runClaimed(claim));
  return results;
}
