import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files under `root` by key `<yyyy-mm>/<random>.<ext>`: written under a fresh name (never over another
 * file), read and removed by key; a key that resolves outside `root` is refused. The rows naming the keys
 * are the caller's (intake evidence, monitoring screenshots).
 */
export function createDatedFileStore(root: string) {
  function fullPath(key: string): string {
    const full = path.resolve(root, key);
    if (!full.startsWith(`${root}${path.sep}`)) throw new Error(`file key outside ${root}`);
    return full;
  }

  return {
    root,
    /** A fresh key for a file stored at `at` (ISO time), its month's folder created. */
    async newKey(at: string, ext: string): Promise<string> {
      const folder = at.slice(0, 7);
      await mkdir(path.join(root, folder), { recursive: true });
      return `${folder}/${randomUUID()}.${ext}`;
    },
    /** Writes a file under a key from newKey; fails rather than overwrite. */
    async write(key: string, bytes: Buffer): Promise<void> {
      await writeFile(fullPath(key), bytes, { flag: 'wx' });
    },
    async read(key: string): Promise<Buffer> {
      return await readFile(fullPath(key));
    },
    async remove(keys: readonly string[]): Promise<void> {
      await Promise.all(keys.map((k) => rm(fullPath(k), { force: true })));
    },
  };
}
