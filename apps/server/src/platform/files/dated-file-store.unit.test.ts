import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatedFileStore } from './dated-file-store.ts';

describe('createDatedFileStore', () => {
  const store = createDatedFileStore(path.join(mkdtempSync(path.join(tmpdir(), 'sw-files-')), 'store'));

  it('writes under a month folder and a fresh name, reads and removes by key', async () => {
    const key = await store.newKey('2026-11-23T08:00:00.000Z', 'png');
    expect(key).toMatch(/^2026-11\/[0-9a-f-]{36}\.png$/);
    expect(await store.newKey('2026-11-23T08:00:00.000Z', 'png')).not.toBe(key);
    await store.write(key, Buffer.from('one'));
    expect((await store.read(key)).toString()).toBe('one');
    await expect(store.write(key, Buffer.from('two'))).rejects.toThrow(/EEXIST/);
    await store.remove([key]);
    await expect(store.read(key)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a key that leaves its folder', async () => {
    await expect(store.read('../outside.png')).rejects.toThrow(/outside/);
    await expect(store.write('2026-11/../../x.png', Buffer.from('x'))).rejects.toThrow(/outside/);
    await expect(store.remove(['/etc/passwd'])).rejects.toThrow(/outside/);
  });
});
