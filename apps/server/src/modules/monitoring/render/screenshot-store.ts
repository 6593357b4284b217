import { createHash } from 'node:crypto';
import path from 'node:path';
import { createDatedFileStore } from '../../../platform/files/dated-file-store.ts';

/**
 * Screenshots of rendered pages on disk under <dataDir>/files/monitoring/renders/<yyyy-mm>/<random>.png,
 * beside the other uploaded and evidence files (backed up with files/, see docs/operations.md). A file is
 * written before its row and removed again when the row cannot be written.
 */
export function createScreenshotStore(dataDir: string) {
  const files = createDatedFileStore(path.join(dataDir, 'files', 'monitoring', 'renders'));
  return {
    root: files.root,
    /** Writes a PNG under a fresh random name; returns its key, digest and size. */
    async put(png: Buffer, at: string): Promise<{ key: string; sha256: string; bytes: number }> {
      const key = await files.newKey(at, 'png');
      await files.write(key, png);
      return { key, sha256: createHash('sha256').update(png).digest('hex'), bytes: png.length };
    },
    read: files.read,
    remove: files.remove,
  };
}

export type ScreenshotStore = ReturnType<typeof createScreenshotStore>;
