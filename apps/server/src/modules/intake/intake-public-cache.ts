/**
 * How long a process trusts what it read of the public form's contact rules, report categories and
 * regions. A change made through the public-form service is seen at once by the process that made it
 * (it invalidates); the other processes of a PostgreSQL deployment see it after at most this long.
 */
export const PUBLIC_CACHE_TTL_MS = 10_000;

export interface PublicRegion {
  id: number;
  path: string;
}

export interface PublicFormLoaders {
  contactRules(): Promise<{ nameRequired: boolean; phoneRequired: boolean }>;
  /** Codes of the shipped and the active office-defined report categories. */
  categoryCodes(): Promise<ReadonlySet<string>>;
  /** The region by id, or the root of the region tree when no id is given. */
  region(regionId: number | undefined): Promise<PublicRegion | undefined>;
}

interface Entry<T> {
  value: Promise<T>;
  until: number;
}

/** Regions remembered at most: a platform's region tree is far smaller. */
const MAX_REGIONS = 10_000;

/**
 * What every public submission reads and an office changes rarely, kept for PUBLIC_CACHE_TTL_MS. Only
 * what exists is remembered: an unknown region or category is read again, so one created a moment ago
 * is accepted at once (a region's id and path never change). Concurrent requests share one read, and a
 * failed read is not kept.
 */
export function createPublicFormCache(load: PublicFormLoaders, ttlMs = PUBLIC_CACHE_TTL_MS) {
  let contact: Entry<Awaited<ReturnType<PublicFormLoaders['contactRules']>>> | null = null;
  let categories: Entry<ReadonlySet<string>> | null = null;
  const regions = new Map<number | 'root', Entry<PublicRegion | undefined>>();

  const live = <T>(entry: Entry<T> | null | undefined): entry is Entry<T> =>
    entry != null && entry.until > performance.now();

  function keep<T>(value: Promise<T>, onFailure: (entry: Entry<T>) => void): Entry<T> {
    const entry = { value, until: performance.now() + ttlMs };
    value.catch(() => onFailure(entry));
    return entry;
  }

  function readCategories(): Entry<ReadonlySet<string>> {
    categories = keep(load.categoryCodes(), (failed) => {
      if (categories === failed) categories = null;
    });
    return categories;
  }

  return {
    contactRules() {
      if (!live(contact))
        contact = keep(load.contactRules(), (failed) => {
          if (contact === failed) contact = null;
        });
      return contact.value;
    },

    async hasCategory(code: string): Promise<boolean> {
      if (live(categories) && (await categories.value).has(code)) return true;
      return (await readCategories().value).has(code);
    },

    async region(regionId: number | undefined): Promise<PublicRegion | undefined> {
      const key = regionId ?? 'root';
      const cached = regions.get(key);
      if (live(cached)) {
        const hit = await cached.value;
        if (hit) return hit;
      }
      const found = await load.region(regionId);
      if (found) {
        if (regions.size >= MAX_REGIONS) regions.clear();
        regions.set(key, { value: Promise.resolve(found), until: performance.now() + ttlMs });
      }
      return found;
    },

    /** Forgets everything: the public form's settings changed in this process. */
    invalidate(): void {
      contact = null;
      categories = null;
      regions.clear();
    },
  };
}

export type PublicFormCache = ReturnType<typeof createPublicFormCache>;
