import type { TestContext } from '../../../../test/harness.ts';
import { systemActor } from '../../../platform/http/actor.ts';
import type { FeedKind } from './intel-import-types.ts';

/** Helpers shared by the intel test files (not a test file itself). */

export async function freshFeed(
  ctx: TestContext,
  name: string,
  kind: FeedKind = 'csv',
  extra: { url?: string; defaultTtlDays?: number } = {},
): Promise<number> {
  const feed = await ctx.services.intel.createFeed(systemActor('/', 'test'), { name, kind, ...extra });
  return feed.id;
}

/** A feed with one imported indicator (a CSV line), for routes that need one. */
export async function freshIndicator(ctx: TestContext, name: string): Promise<number> {
  const feedId = await freshFeed(ctx, name);
  await ctx.services.intel.upload(
    systemActor('/', 'test'),
    feedId,
    'list.csv',
    Buffer.from('198.51.100.77\n'),
  );
  const list = await ctx.services.intel.listIndicators(systemActor('/', 'test'), {
    feedId,
    limit: 1,
    offset: 0,
  });
  const id = list.items[0]?.id;
  if (!id) throw new Error('no indicator imported');
  return id;
}
