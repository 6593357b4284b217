import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../../platform/audit/audit-log.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/http/actor.ts';
import { AppError } from '../../../platform/http/app-error.ts';
import { importPreviewRepository as previews } from '../../assets/import-preview.repository.ts';
import { createRegionTagger } from '../pipeline/regions.ts';
import { topicsMessage } from '../topics.i18n.ts';
import { topicsPolicy } from '../topics.policy.ts';
import { topicsRepository as repo } from '../topics.repository.ts';
import { loadPlaces } from '../topics-engine.ts';
import { type ImportRow, importKey, parseImport, type RowError } from './topic-import.ts';

const PREVIEW_TTL_MS = 60 * 60 * 1000;
const PREVIEW_KIND = 'topic_items';
const SAMPLE = 20;

interface StoredRow extends ImportRow {
  regionId: number;
  regionPath: string;
}

/** Batch import of topic items: a checked preview, then an all-or-nothing confirm. */
export function createTopicImportService(deps: {
  db: Kysely<Database>;
  now: () => Date;
  onItems?: () => Promise<void>;
}) {
  const { db, now } = deps;

  function assertImporter(actor: Actor) {
    if (!topicsPolicy.canRead(actor) || !topicsPolicy.canWork(actor)) throw AppError.forbidden();
  }

  return {
    async preview(actor: Actor, fileName: string, content: string) {
      assertImporter(actor);
      const parsed = parseImport(content, now(), actor.locale);
      if ('rejected' in parsed) throw new AppError('import_rejected', { reason: parsed.rejected });
      const home = await db
        .selectFrom('regions')
        .select(['id', 'path'])
        .where('id', '=', actor.regionId)
        .executeTakeFirst();
      const places = await loadPlaces(db);
      const tagger = createRegionTagger(places.places);
      const rows: StoredRow[] = [];
      const errors: RowError[] = [...parsed.errors];
      for (const row of parsed.rows) {
        let region = home ?? null;
        if (row.region) {
          const place = tagger.lookup(row.region);
          const found = place ? places.byPlace.get(place.path) : undefined;
          if (!found?.path.startsWith(actor.regionPath)) {
            errors.push({
              row: row.row,
              field: 'region',
              message: topicsMessage(actor.locale, 'region_outside', { value: row.region }),
            });
            continue;
          }
          region = found;
        }
        if (!region) {
          errors.push({
            row: row.row,
            field: 'region',
            message: topicsMessage(actor.locale, 'region_missing'),
          });
          continue;
        }
        rows.push({ ...row, regionId: region.id, regionPath: region.path });
      }
      errors.sort((a, b) => a.row - b.row);
      const id = randomUUID();
      const at = now();
      const expiresAt = new Date(at.getTime() + PREVIEW_TTL_MS).toISOString();
      await previews.deleteExpiredPreviews(db, actor.userId, at.toISOString());
      await previews.insertPreview(db, {
        id,
        user_id: actor.userId,
        kind: PREVIEW_KIND,
        file_name: fileName.slice(0, 200),
        valid_rows: JSON.stringify(rows),
        row_errors: JSON.stringify(errors),
        total_rows: parsed.total,
        created_at: at.toISOString(),
        expires_at: expiresAt,
        consumed_at: null,
      });
      return {
        previewId: id,
        fileName,
        format: parsed.format,
        totalRows: parsed.total,
        validRows: rows.length,
        errors: errors.slice(0, 1000),
        sample: rows.slice(0, SAMPLE).map((r) => ({
          row: r.row,
          title: r.title,
          time: r.time,
          source: r.source,
          region: r.region,
        })),
        expiresAt,
      };
    },

    async confirm(actor: Actor, previewId: string) {
      assertImporter(actor);
      const preview = await previews.findPreview(db, previewId);
      if (!preview || preview.user_id !== actor.userId || preview.kind !== PREVIEW_KIND)
        throw AppError.notFound();
      if (preview.consumed_at) throw new AppError('import_confirmed', {}, undefined, 409);
      if (preview.expires_at < now().toISOString()) throw new AppError('import_expired', {}, undefined, 410);
      const rows = JSON.parse(preview.valid_rows) as StoredRow[];
      if (rows.length === 0) {
        throw new AppError('import_has_errors', {
          count: (JSON.parse(preview.row_errors) as unknown[]).length,
        });
      }
      const at = now().toISOString();
      const result = await db.transaction().execute(async (trx) => {
        if (!(await previews.consumePreview(trx, previewId, at)))
          throw new AppError('import_confirmed', {}, undefined, 409);
        let imported = 0;
        for (const r of rows) {
          const added = await repo.insertItem(trx, {
            source_kind: 'import',
            source_label: (r.source ?? preview.file_name).slice(0, 200),
            external_key: importKey(r, preview.file_name),
            occurred_at: r.time ?? at,
            title: r.title,
            text: r.text,
            url: r.url,
            region_id: r.regionId,
            region_path: r.regionPath,
            intake_case_id: null,
            feed_id: null,
            created_at: at,
          });
          if (added) imported++;
        }
        await appendAudit(trx, actor, {
          action: 'topic.import',
          resourceType: 'topic_import',
          resourceId: previewId,
          regionPath: actor.regionPath,
          after: { fileName: preview.file_name, imported, duplicates: rows.length - imported },
        });
        return { imported, duplicates: rows.length - imported };
      });
      if (result.imported > 0) await deps.onItems?.();
      return result;
    },
  };
}

export type TopicImportService = ReturnType<typeof createTopicImportService>;
