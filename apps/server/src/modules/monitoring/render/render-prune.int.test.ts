import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { caller, type NoticeWorld, noticeWorld } from '../../notices/notices.test-support.ts';
import { websiteAsset } from '../monitoring.test-support.ts';
import { renderRepository } from './render.repository.ts';
import { RENDER_RETENTION_DAYS } from './rendering.ts';
import { createScreenshotStore } from './screenshot-store.ts';

// Housekeeping of the rendering pass (no Chromium needed): old renders go with their screenshots, but
// each page's latest stays, since its findings point at it.

let ctx: TestContext;
let w: NoticeWorld;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await noticeWorld(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

it('prunes renders past the retention with their files, except each page’s latest', async () => {
  const url = 'http://www.example.gov.cn/';
  const assetId = await websiteAsset(ctx, w.unitA.id, url);
  const res = await caller(ctx)(w.analyst.cookie, 'PUT', `/api/v1/monitoring/assets/${assetId}`, {
    enabled: false,
  });
  expect(res.statusCode, res.body).toBe(200);
  const monitorId: number = res.json().monitorId;
  const db = ctx.services.database.db;
  const store = createScreenshotStore(ctx.dataDir);
  const now = ctx.clock.now();
  const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 3600_000).toISOString();
  const insert = async (pageUrl: string, at: string) => {
    const shot = await store.put(Buffer.from('png'), at);
    const id = await renderRepository.insert(db, {
      monitor_id: monitorId,
      page_url: pageUrl,
      is_homepage: 1,
      reasons: '[]',
      signature: 's',
      outcome: 'ok',
      error: null,
      evidence: '{}',
      screenshot_key: shot.key,
      screenshot_sha256: shot.sha256,
      screenshot_bytes: shot.bytes,
      screenshot_width: 1,
      screenshot_height: 1,
      duration_ms: 1,
      rendered_at: at,
    });
    return { id, file: path.join(store.root, shot.key) };
  };
  const oldest = await insert(url, daysAgo(RENDER_RETENTION_DAYS + 10));
  const older = await insert(url, daysAgo(RENDER_RETENTION_DAYS + 5));
  const recent = await insert(url, daysAgo(1));
  // Another page rendered only long ago: its one render is its latest and stays.
  const lone = await insert(`${url}about`, daysAgo(RENDER_RETENTION_DAYS + 20));

  const pruned = await ctx.services.monitoring.prune(now);
  expect(pruned.renders).toBe(2);
  const left = await db
    .selectFrom('monitor_renders')
    .select('id')
    .where('monitor_id', '=', monitorId)
    .execute();
  expect(left.map((r) => r.id).sort((a, b) => a - b)).toEqual([recent.id, lone.id].sort((a, b) => a - b));
  expect(existsSync(oldest.file)).toBe(false);
  expect(existsSync(older.file)).toBe(false);
  expect(existsSync(recent.file)).toBe(true);
  expect(existsSync(lone.file)).toBe(true);
});
