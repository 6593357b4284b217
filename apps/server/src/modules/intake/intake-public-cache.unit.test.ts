import { describe, expect, it } from 'vitest';
import { createPublicFormCache, type PublicFormLoaders, type PublicRegion } from './intake-public-cache.ts';

/** Loaders over mutable data that count their reads. */
function source() {
  const data = {
    contact: { nameRequired: false, phoneRequired: false },
    categories: new Set(['fraud']),
    regions: new Map<number, PublicRegion>([[1, { id: 1, path: '/1/' }]]),
    failNext: false,
  };
  const reads = { contact: 0, categories: 0, region: 0 };
  const loaders: PublicFormLoaders = {
    async contactRules() {
      reads.contact++;
      if (data.failNext) {
        data.failNext = false;
        throw new Error('database gone');
      }
      return { ...data.contact };
    },
    async categoryCodes() {
      reads.categories++;
      return new Set(data.categories);
    },
    async region(id) {
      reads.region++;
      return id === undefined ? data.regions.get(1) : data.regions.get(id);
    },
  };
  return { data, reads, loaders };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('public form cache', () => {
  it('reads once for concurrent requests and again only after its time to live', async () => {
    const { data, reads, loaders } = source();
    const cache = createPublicFormCache(loaders, 40);
    await Promise.all([cache.contactRules(), cache.contactRules(), cache.contactRules()]);
    expect(reads.contact).toBe(1);
    data.contact.phoneRequired = true;
    expect((await cache.contactRules()).phoneRequired).toBe(false); // another process changed it: not yet
    await sleep(60);
    expect((await cache.contactRules()).phoneRequired).toBe(true);
    expect(reads.contact).toBe(2);
  });

  it('forgets everything when invalidated (a change made in this process)', async () => {
    const { data, loaders } = source();
    const cache = createPublicFormCache(loaders, 60_000);
    await cache.contactRules();
    await cache.hasCategory('fraud');
    await cache.region(1);
    data.contact.nameRequired = true;
    data.categories.delete('fraud');
    data.regions.set(1, { id: 1, path: '/moved/' });
    cache.invalidate();
    expect((await cache.contactRules()).nameRequired).toBe(true);
    expect(await cache.hasCategory('fraud')).toBe(false);
    expect(await cache.region(1)).toEqual({ id: 1, path: '/moved/' });
  });

  it('looks up an unknown region or category again, so one just created is accepted at once', async () => {
    const { data, reads, loaders } = source();
    const cache = createPublicFormCache(loaders, 60_000);
    expect(await cache.region(2)).toBeUndefined();
    expect(await cache.hasCategory('gambling_ring')).toBe(false);
    data.regions.set(2, { id: 2, path: '/1/2/' });
    data.categories.add('gambling_ring');
    expect(await cache.region(2)).toEqual({ id: 2, path: '/1/2/' });
    expect(await cache.hasCategory('gambling_ring')).toBe(true);
    const before = { ...reads };
    // Known ones are now answered from memory.
    expect(await cache.region(2)).toEqual({ id: 2, path: '/1/2/' });
    expect(await cache.region(undefined)).toEqual({ id: 1, path: '/1/' });
    expect(await cache.region(undefined)).toEqual({ id: 1, path: '/1/' });
    expect(await cache.hasCategory('fraud')).toBe(true);
    expect(reads).toEqual({ ...before, region: before.region + 1 });
  });

  it('does not keep a failed read', async () => {
    const { data, reads, loaders } = source();
    const cache = createPublicFormCache(loaders, 60_000);
    data.failNext = true;
    await expect(cache.contactRules()).rejects.toThrow('database gone');
    expect(await cache.contactRules()).toEqual({ nameRequired: false, phoneRequired: false });
    expect(reads.contact).toBe(2);
  });
});
