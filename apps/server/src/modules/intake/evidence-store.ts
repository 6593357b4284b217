import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { createDatedFileStore } from '../../platform/files/dated-file-store.ts';
import type { PreparedFile } from './evidence.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface StagedFile extends PreparedFile {
  storageKey: string;
}

/**
 * Evidence files on disk under <dataDir>/intake-evidence/<yyyy-mm>/<random>.<ext>. Files are written
 * before the case's transaction and removed again when it fails, so a case never points at a missing
 * file and a refused or failed submission leaves nothing behind.
 */
export function createEvidenceStore(dataDir: string) {
  const store = createDatedFileStore(path.join(dataDir, 'intake-evidence'));

  async function discard(files: readonly StagedFile[]): Promise<void> {
    await store.remove(files.map((f) => f.storageKey));
  }

  return {
    root: store.root,
    /** Writes the files under fresh random names; on any error removes what it wrote and rethrows. */
    async stage(files: readonly PreparedFile[], at: string): Promise<StagedFile[]> {
      if (files.length === 0) return [];
      const staged = await Promise.all(
        files.map(async (f) => ({ ...f, storageKey: await store.newKey(at, f.ext) })),
      );
      try {
        await Promise.all(staged.map((f) => store.write(f.storageKey, f.buffer)));
      } catch (err) {
        await discard(staged);
        throw err;
      }
      return staged;
    },
    discard,
    /** The file rows of a new case, in the case's transaction. */
    async record(trx: Q, caseId: number, files: readonly StagedFile[], at: string): Promise<void> {
      if (files.length === 0) return;
      await trx
        .insertInto('intake_files')
        .values(
          files.map((f) => ({
            case_id: caseId,
            name: f.name,
            media_type: f.mediaType,
            size: f.buffer.length,
            original_size: f.originalBytes,
            sha256: f.sha256,
            storage_key: f.storageKey,
            width: f.width,
            height: f.height,
            sniffed_type: f.sniffedType,
            created_at: at,
          })),
        )
        .execute();
    },
    list(db: Q, caseId: number) {
      return db
        .selectFrom('intake_files')
        .select([
          'id',
          'name',
          'media_type',
          'sniffed_type',
          'size',
          'original_size',
          'width',
          'height',
          'created_at',
        ])
        .where('case_id', '=', caseId)
        .orderBy('id', 'asc')
        .execute();
    },
    async find(db: Q, caseId: number, fileId: number) {
      return db
        .selectFrom('intake_files')
        .selectAll()
        .where('case_id', '=', caseId)
        .where('id', '=', fileId)
        .executeTakeFirst();
    },
    read: store.read,
  };
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
