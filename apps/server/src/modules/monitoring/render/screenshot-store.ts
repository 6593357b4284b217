import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Screenshots of rendered pages on disk under <dataDir>/files/monitoring/renders/<yyyy-mm>/<random>.png,
 * beside the other uploaded and evidence files (backed up with files/, see docs/operations.md). A file is
 * written before its row and removed again when the row cannot be written.
 */
export function createScreenshotStore(dataDir: string) {
  const root = path.join(dataDir, 'files', 'monitoring', 'renders');

  function fullPath(key: string): string {
    const full = path.resolve(root, key);
    if (!full.startsWith(`${root}${path.sep}`)) throw new Error('screenshot key outside the renders folder');
    return full;
  }

  return {
    root,
    /** Writes a PNG under a fresh random name; returns its key, digest and size. */
    async put(png: Buffer, at: string): Promise<{ key: string; sha256: string; bytes: number }> {
      const folder = at.slice(0, 7);
      await mkdir(path.join(root, folder), { recursive: true });
      const key = `${folder}/${randomUUID()}.png`;
      await writeFile(fullPath(key), png, { flag: 'wx' });
      return { key, sha256: createHash('sha256').update(png).digest('hex'), bytes: png.length };
    },
    read(key: string): Promise<Buffer> {
      return readFile(fullPath(key));
    },
    async remove(keys: readonly string[]): Promise<void> {
      await Promise.all(keys.map((k) => rm(fullPath(k), { force: true })));
    },
  };
}

export type ScreenshotStore = ReturnType<typeof createScreenshotStore>;
