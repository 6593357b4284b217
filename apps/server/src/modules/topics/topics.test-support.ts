import type { Role } from '@shouwang/common';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import type { TestContext } from '../../../test/harness.ts';
import { DEFAULT_TOPIC_SETTINGS, type TopicSettings } from './topic-settings.ts';
import { topicsRepository } from './topics.repository.ts';

/** Helpers shared by the topic test files (not a test file itself). */

export async function topicWorld(ctx: TestContext) {
  const j = await buildJurisdiction(ctx);
  const user = async (role: Role, region = j.countyA, unitId: number | null = null) => {
    const row = await buildUser(ctx, { role, region, unitId });
    return { ...row, cookie: await sessionCookie(ctx, row) };
  };
  return {
    ...j,
    analyst: await user('analyst'),
    duty: await user('duty_officer'),
    auditor: await user('auditor'),
    handler: await user('unit_handler', j.countyA, j.unitA.id),
    analystB: await user('analyst', j.countyB),
    cityAdmin: await user('office_admin', j.city),
  };
}

export type TopicWorld = Awaited<ReturnType<typeof topicWorld>>;

/** Quick settings for tests: one-minute buckets, no warm-up, alerts from 12 items. */
export async function fastSettings(ctx: TestContext, over: Partial<TopicSettings> = {}) {
  const { db } = ctx.services.database;
  await topicsRepository.pipelineRow(db, ctx.clock.now().toISOString());
  await topicsRepository.saveSettings(
    db,
    { ...DEFAULT_TOPIC_SETTINGS, bucketSeconds: 60, warmupBuckets: 0, minCount: 12, coldBuckets: 5, ...over },
    true,
    ctx.clock.now().toISOString(),
  );
  ctx.services.topics.engine.invalidate();
}

export function api(ctx: TestContext) {
  return (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    ctx.app.inject({ method, url, payload, headers: { cookie, 'accept-language': 'en-US' } });
}

/** Stores items as if imported: `texts` at `time`, in a region. */
export async function injectItems(
  ctx: TestContext,
  region: { id: number; path: string },
  texts: string[],
  time: Date,
  source = 'test',
) {
  const { db } = ctx.services.database;
  let n = 0;
  for (const text of texts) {
    n++;
    await topicsRepository.insertItem(db, {
      source_kind: 'import',
      source_label: source,
      external_key: `test:${source}:${time.getTime()}:${n}:${Math.random()}`,
      occurred_at: new Date(time.getTime() + n).toISOString(),
      title: text.slice(0, 80),
      text,
      url: null,
      region_id: region.id,
      region_path: region.path,
      intake_case_id: null,
      feed_id: null,
      created_at: time.toISOString(),
    });
  }
}

/** Varied reposts of one complaint, like citizens writing about the same outage. */
export function burstTexts(n: number, subject = '东湖街道停水'): string[] {
  const tails = [
    '已经两天了',
    '什么时候恢复',
    '小区没有通知',
    '老人孩子没水喝',
    '物业也说不清楚',
    '请有关部门尽快处理',
  ];
  return Array.from(
    { length: n },
    (_, i) => `${subject}，${tails[i % tails.length]}，自来水公司电话打不通 ${i % 7}`,
  );
}

/** Unrelated everyday messages, each on its own subject. */
export function backgroundTexts(n: number): string[] {
  const subjects = [
    '路灯不亮',
    '垃圾清运不及时',
    '噪音扰民',
    '公交线路调整',
    '共享单车乱停',
    '学校门口拥堵',
    '菜市场占道',
    '小区停车难',
  ];
  return Array.from({ length: n }, (_, i) => `${subjects[i % subjects.length]}的问题反映，编号${i}`);
}
