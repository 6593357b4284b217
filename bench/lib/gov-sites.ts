// A child process serving many realistic government portals for the monitoring benchmark, one loopback
// port per site (so each site is its own host to the monitor's per-host limit). Usage:
//   node bench/lib/gov-sites.ts <firstIndex> <count> <volatileShare>
// Prints one line `SITES <json array of ports>` when every port listens. Homepages come from the demo
// websites' generator (apps/server/src/modules/demo/sites/gov-page.ts) at 50-300 KB; any other path
// answers a small article page. A `volatileShare` of the sites carry a visit counter that changes on
// every request (so their HTML is never byte-identical twice); the others are stable between requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderArticlePage, renderGovPage } from '../../apps/server/src/modules/demo/sites/gov-page.ts';

const [firstArg = '0', countArg = '1', volatileArg = '0'] = process.argv.slice(2);
const first = Number(firstArg);
const count = Number(countArg);
const volatileShare = Number(volatileArg);

/** News items per column for site i: spreads homepages over ~50-300 KB. */
function newsPerColumn(i: number): number {
  return 30 + ((i * 7919) % 315);
}

function listenOn(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Listening on TCP: address() is an AddressInfo.
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const now = new Date();
const ports: number[] = [];
for (let k = 0; k < count; k++) {
  const i = first + k;
  const siteName = `江川市第${i + 1}政务网站`;
  const organiser = `江川市第${i + 1}办公室`;
  const isVolatile = (i * 37) % 100 < volatileShare * 100;
  let visits = 100_000 + i;
  const render = () =>
    renderGovPage({
      siteName,
      organiser,
      seed: i + 1,
      now,
      visits,
      friendlyLinks: [{ name: '中国政府网', url: 'https://www.gov.cn/' }],
      newsPerColumn: newsPerColumn(i),
    });
  const stable = Buffer.from(render());
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let body: Buffer;
    if (path === '/' || path === '/index.html') {
      visits += 1;
      body = isVolatile ? Buffer.from(render()) : stable;
    } else {
      body = Buffer.from(renderArticlePage(siteName, path));
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 5_000;
  ports.push(await listenOn(server));
}
console.log(`SITES ${JSON.stringify(ports)}`);
process.on('SIGTERM', () => process.exit(0));
