import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { intakePolicy } from './intake.policy.ts';
import { intakeRepository as repo } from './intake.repository.ts';

/** Staff's view of a case's evidence: whoever may read the case sees its files (not visible = 404). */
export function createIntakeEvidenceService(db: Db, store: EvidenceStore) {
  async function visibleCase(actor: Actor, caseId: number) {
    const c = await repo.findById(db, caseId);
    if (!c || !intakePolicy.canRead(actor, c)) throw AppError.notFound();
    return c;
  }
  return {
    async list(actor: Actor, caseId: number) {
      await visibleCase(actor, caseId);
      const rows = await store.list(db, caseId);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        mediaType: r.media_type,
        sniffedType: r.sniffed_type,
        size: r.size,
        originalSize: r.original_size,
        width: r.width,
        height: r.height,
        createdAt: r.created_at,
        url: `/api/v1/intake/cases/${caseId}/files/${r.id}`,
      }));
    },
    async read(actor: Actor, caseId: number, fileId: number) {
      await visibleCase(actor, caseId);
      const row = await store.find(db, caseId, fileId);
      if (!row) throw AppError.notFound();
      return { name: row.name, mediaType: row.media_type, buffer: await store.read(row.storage_key) };
    },
  };
}

export type IntakeEvidenceService = ReturnType<typeof createIntakeEvidenceService>;
