import { type Config, chromiumProblem, type MonitorRenderConfig } from '../../config/config.ts';
import { type Actor, systemActor } from '../../platform/http/actor.ts';
import { DEMO_SITES_HOST, type RunningDemoSites, startDemoSites } from './sites/demo-sites.ts';

/** The demo websites answer on loopback; only the demo process may monitor it. */
export const DEMO_MONITOR_NETWORK = '127.0.0.0/8';
export const DEMO_MONITOR_INTERVAL_SECONDS = 60;
/** Where Debian and Ubuntu's chromium package puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium a demo or a one-off CLI render uses: the configured one, else Debian's when it is installed
 * and nobody said otherwise (SHOUWANG_MONITOR_CHROMIUM set to a path or to "off" wins). Null: none.
 */
export function chromiumOrDebian(
  render: Pick<MonitorRenderConfig, 'chromiumPath' | 'explicit'>,
  debianChromium = DEBIAN_CHROMIUM,
): string | null {
  if (render.chromiumPath !== null || render.explicit) return render.chromiumPath;
  return chromiumProblem(debianChromium) === null ? debianChromium : null;
}

/**
 * The configuration of a `serve --demo` process: as given, plus loopback in the monitor's allowed networks
 * so it can reach the local demo websites, and Debian's Chromium for the rendering pass when it is there.
 * Only this process is affected; production defaults stay as they are.
 */
export function demoProcessConfig(config: Config, debianChromium = DEBIAN_CHROMIUM): Config {
  const networks = config.monitorAllowedNetworks.includes(DEMO_MONITOR_NETWORK)
    ? config.monitorAllowedNetworks
    : Object.freeze([...config.monitorAllowedNetworks, DEMO_MONITOR_NETWORK]);
  const chromiumPath = chromiumOrDebian(config.monitorRender, debianChromium);
  const render =
    chromiumPath === config.monitorRender.chromiumPath
      ? config.monitorRender
      : Object.freeze({ ...config.monitorRender, chromiumPath });
  if (networks === config.monitorAllowedNetworks && render === config.monitorRender) return config;
  return Object.freeze({ ...config, monitorAllowedNetworks: networks, monitorRender: render });
}

/** Starts the demo websites, remembering their ports in the data directory. */
export function startDemoWebsites(config: Config, basePort: number, log: (line: string) => void) {
  return startDemoSites({ dataDir: config.dataDir, basePort, log });
}

/** The part of the monitoring service the demo uses to switch monitoring on for its sites. */
export interface DemoMonitoringPort {
  bulk(
    actor: Actor,
    input: { assetIds: number[]; enabled: boolean; intervalSeconds?: number },
  ): Promise<{ results: Array<{ assetId: number; ok: boolean; message?: string }> }>;
}

/**
 * Switches monitoring on, every 60 s, for the demo assets standing in for the demo websites, through the
 * monitoring service (validated and audited there, as the system actor "demo"). Answers how many.
 */
export async function enableDemoMonitoring(
  assetIds: number[],
  monitoring: DemoMonitoringPort,
  log: (line: string) => void,
): Promise<number> {
  if (assetIds.length === 0) return 0;
  const { results } = await monitoring.bulk(systemActor('/', 'demo'), {
    assetIds,
    enabled: true,
    intervalSeconds: DEMO_MONITOR_INTERVAL_SECONDS,
  });
  for (const r of results.filter((x) => !x.ok)) {
    log(`Demo websites: monitoring asset ${r.assetId} was not switched on: ${r.message ?? 'refused'}`);
  }
  return results.filter((r) => r.ok).length;
}

/** The lines printed at start, so a newcomer knows where the demo websites are. */
export function demoSitesBanner(running: RunningDemoSites): string {
  const width = Math.max(...running.sites.map((s) => s.key.length));
  return [
    `Demo websites on ${DEMO_SITES_HOST} (monitored by the demo; loopback only):`,
    ...running.sites.map((s) => `  ${s.key.padEnd(width)}  ${s.url}  ${s.assetName}`),
  ].join('\n');
}
