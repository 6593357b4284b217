import type { Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../test/authz-matrix.ts';
import { rules } from '../../../test/authz-matrix.ts';
import { insertAsset } from '../assets/assets.test-support.ts';
import { snapshotPage } from './analyzers/snapshot.ts';
import { DEFAULT_CHECKS } from './monitor-config.ts';
import { monitorStateRepository } from './monitor-state.repository.ts';
import { monitoringRepository } from './monitoring.repository.ts';
import { renderRepository } from './render/render.repository.ts';
import { createScreenshotStore } from './render/screenshot-store.ts';

/**
 * The monitoring routes' entries for the authorization matrix (spread into
 * apps/server/test/authz-matrix.cases.ts). Office roles read the sites of their jurisdiction and unit
 * roles their own unit's (the inside target belongs to the unit roles' unit A); analysts and admins
 * configure, run and accept baselines; outside is hidden. Everyone reads the severity policy in force;
 * office and system admins set their region's.
 */

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
/** Office settings (the severity policy): office and system admins. */
const ADMINS: readonly Role[] = ['system_admin', 'office_admin'];
const writersActInside = (role: Role, where: Where): Outcome =>
  where === 'outside' ? 'hidden' : WRITERS.includes(role) ? 'ok' : 'denied';

const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);
// A closed port on loopback: the matrix does not allow loopback, so a run ends at once as not reachable.
const URL_OF_NOWHERE = 'http://127.0.0.1:9/';

async function freshAsset(f: MatrixFixtures, where: Where): Promise<number> {
  return insertAsset(f.ctx, side(f, where).unitId, { name: `Site ${f.uniq()}`, urls: [URL_OF_NOWHERE] });
}

/** A monitor whose homepage has a baseline and a pending change (so diff and accept have work). */
async function freshMonitor(f: MatrixFixtures, where: Where): Promise<number> {
  const { db } = f.ctx.services.database;
  const at = f.ctx.clock.now().toISOString();
  const id = await monitoringRepository.insert(db, {
    asset_id: await freshAsset(f, where),
    enabled: 1,
    interval_seconds: 300,
    pages: JSON.stringify([URL_OF_NOWHERE]),
    crawl_depth: 0,
    checks: JSON.stringify(DEFAULT_CHECKS),
    maintenance: '[]',
    tls_probe_hours: 24,
    tls_probed_at: null,
    host: '127.0.0.1:9',
    next_run_at: null,
    last_run_at: null,
    claim_token: null,
    claimed_until: null,
    status: 'unknown',
    last_latency_ms: null,
    last_status_code: null,
    last_error: null,
    created_at: at,
    updated_at: at,
  });
  await monitorStateRepository.insertBaseline(db, {
    monitor_id: id,
    page_url: URL_OF_NOWHERE,
    snapshot: JSON.stringify(snapshotPage('<p>政务公开</p>', URL_OF_NOWHERE)),
    accepted_by: null,
    accepted_by_name: 'monitoring',
    accepted_at: at,
    pending_snapshot: JSON.stringify(snapshotPage('<p>Hacked</p>', URL_OF_NOWHERE)),
    pending_comparison: null,
    pending_since: at,
  });
  return id;
}

/** A render of a fresh monitor's homepage with a stored screenshot. */
async function freshRender(f: MatrixFixtures, where: Where): Promise<number> {
  const { db } = f.ctx.services.database;
  const at = f.ctx.clock.now().toISOString();
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const shot = await createScreenshotStore(f.ctx.dataDir).put(png, at);
  return renderRepository.insert(db, {
    monitor_id: await freshMonitor(f, where),
    page_url: URL_OF_NOWHERE,
    is_homepage: 1,
    reasons: '["hidden_links"]',
    signature: 'matrix',
    outcome: 'ok',
    error: null,
    evidence: '{}',
    screenshot_key: shot.key,
    screenshot_sha256: shot.sha256,
    screenshot_bytes: shot.bytes,
    screenshot_width: 1366,
    screenshot_height: 768,
    duration_ms: 1000,
    rendered_at: at,
  });
}

export const monitoringMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/monitoring/sites': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/monitoring/sites' }),
    expect: rules.everyone,
  },
  'GET /api/v1/monitoring/summary': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/monitoring/summary' }),
    expect: rules.everyone,
  },
  'PUT /api/v1/monitoring/assets/:assetId': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/monitoring/assets/${await freshAsset(f, where)}`,
      payload: { enabled: true, intervalSeconds: 600 },
    }),
    expect: writersActInside,
  },
  'POST /api/v1/monitoring/bulk': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/monitoring/bulk',
      payload: { assetIds: [await freshAsset(f, 'inside')], enabled: true },
    }),
    expect: (role) => (WRITERS.includes(role) ? 'ok' : 'denied'),
  },
  'GET /api/v1/monitoring/sites/:monitorId': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/monitoring/sites/${await freshMonitor(f, where)}` }),
    expect: rules.readInside,
  },
  'GET /api/v1/monitoring/sites/:monitorId/runs': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/monitoring/sites/${await freshMonitor(f, where)}/runs` }),
    expect: rules.readInside,
  },
  'GET /api/v1/monitoring/sites/:monitorId/baselines/diff': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/monitoring/sites/${await freshMonitor(f, where)}/baselines/diff?pageUrl=${encodeURIComponent(URL_OF_NOWHERE)}`,
    }),
    expect: rules.readInside,
  },
  'POST /api/v1/monitoring/sites/:monitorId/baselines/accept': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/monitoring/sites/${await freshMonitor(f, where)}/baselines/accept`,
      payload: { pageUrl: URL_OF_NOWHERE },
    }),
    expect: writersActInside,
  },
  'POST /api/v1/monitoring/sites/:monitorId/run': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/monitoring/sites/${await freshMonitor(f, where)}/run` }),
    expect: writersActInside,
  },
  'GET /api/v1/monitoring/rendering': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/monitoring/rendering' }),
    expect: rules.everyone,
  },
  'GET /api/v1/monitoring/renders/:renderId/screenshot': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/monitoring/renders/${await freshRender(f, where)}/screenshot`,
    }),
    // The site's jurisdiction, as for its page: office roles in their subtree, unit roles their own unit.
    expect: rules.readInside,
  },
  'GET /api/v1/monitoring/severity-policy': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/monitoring/severity-policy' }),
    expect: () => 'ok',
  },
  'PUT /api/v1/monitoring/severity-policy': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/monitoring/severity-policy',
      payload: {
        types: { broken_links: { homepage: 'III', other: 'IV' } },
        regionId: side(f, where).region.id,
      },
    }),
    expect: (role, where) => (where === 'outside' ? 'hidden' : ADMINS.includes(role) ? 'ok' : 'denied'),
  },
};
