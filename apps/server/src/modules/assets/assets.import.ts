import { randomUUID } from 'node:crypto';
import type { Locale } from '@shouwang/common';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Upload } from '../../platform/files/upload.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/app-error.ts';
import { mapColumns, parseBoolCell, parseKindCell, readSheet, type SheetRow } from './asset-sheet.ts';
import { type AssetMessageKey, assetMessage, assetText, type SheetColumn } from './asset-text.ts';
import {
  type AssetFields,
  checkAssetFields,
  type FieldProblem,
  parseMlpsCell,
  splitList,
} from './asset-values.ts';
import { assetPolicy } from './assets.policy.ts';
import { assetKey, assetRepository as repo, type VisibleUnit } from './assets.repository.ts';
import { importPreviewRepository as previews } from './import-preview.repository.ts';

export const IMPORT_MAX_ROWS = 10_000;
const PREVIEW_TTL_MS = 60 * 60 * 1000;
const PREVIEW_KIND = 'assets';

export type ImportMode = 'create' | 'upsert';

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportPreviewResult {
  previewId: string;
  fileName: string;
  totalRows: number;
  validRows: number;
  errors: ImportRowError[];
  expiresAt: string;
}

/** A checked row waiting in import_previews until confirmed. */
interface StoredRow {
  row: number;
  unitId: number;
  /** Set in upsert mode when the unit already has an asset of this name. */
  updateId: number | null;
  fields: AssetFields;
}

interface ParsedRow {
  row: number;
  unitName: string;
  regionName: string;
  fields: AssetFields;
  problems: FieldProblem[];
}

function parseRow(row: SheetRow, index: Partial<Record<SheetColumn, number>>): ParsedRow {
  const cell = (col: SheetColumn) => {
    const i = index[col];
    return i === undefined ? '' : (row.cells[i] ?? '');
  };
  const problems: FieldProblem[] = [];
  const kindCell = cell('kind');
  const kind = parseKindCell(kindCell);
  if (!kind) problems.push({ field: 'kind', key: kindCell ? 'kind_invalid' : 'required' });
  const mlps = parseMlpsCell(cell('mlpsLevel'));
  if (mlps === 'invalid') problems.push({ field: 'mlpsLevel', key: 'mlps_invalid' });
  const isCii = parseBoolCell(cell('isCii'));
  if (isCii === 'invalid') problems.push({ field: 'isCii', key: 'bool_invalid' });
  const unitName = cell('unit');
  if (!unitName) problems.push({ field: 'unit', key: 'required' });
  const checked = checkAssetFields({
    // An unreadable kind is already reported; check the other fields as a plain website meanwhile.
    kind: kind ?? 'website',
    name: cell('name'),
    domains: splitList(cell('domains')),
    urls: splitList(cell('urls')),
    ips: splitList(cell('ips')),
    mlpsLevel: mlps === 'invalid' ? null : mlps,
    isCii: isCii === 'invalid' ? null : isCii,
    contactName: cell('contactName'),
    contactPhone: cell('contactPhone'),
    tags: splitList(cell('tags')),
    notes: cell('notes'),
  });
  return {
    row: row.row,
    unitName,
    regionName: cell('region'),
    fields: checked.fields,
    problems: [...problems, ...checked.problems],
  };
}

function isStoredRows(value: unknown): value is StoredRow[] {
  return (
    Array.isArray(value) &&
    value.every((r) => typeof r === 'object' && r !== null && 'unitId' in r && 'fields' in r && 'row' in r)
  );
}

export function createAssetImporter(db: Db, now: () => Date) {
  function rejected(locale: Locale, key: AssetMessageKey, params: Record<string, string | number> = {}) {
    return new AppError(
      'import_rejected',
      { reason: assetMessage(locale, key, params) },
      { reason: key, ...params },
    );
  }

  /** Picks the row's unit among same-named units in the jurisdiction, narrowed by region name if given. */
  function resolveUnit(p: ParsedRow, byName: Map<string, VisibleUnit[]>): VisibleUnit | AssetMessageKey {
    const candidates = (byName.get(p.unitName) ?? []).filter(
      (u) => !p.regionName || u.regionName === p.regionName,
    );
    if (candidates.length === 0) return 'unit_not_found';
    if (candidates.length > 1) return 'unit_ambiguous';
    return candidates[0] ?? 'unit_not_found';
  }

  return {
    /**
     * Parses and checks every row of an uploaded sheet and stores the valid ones as a preview owned by
     * the caller, for an hour. Nothing is imported here. The whole file is refused (import_rejected)
     * when a required column is missing, it has no data rows, or more than IMPORT_MAX_ROWS.
     */
    async preview(
      actor: Actor,
      upload: Upload,
      mode: ImportMode,
      locale: Locale,
    ): Promise<ImportPreviewResult> {
      if (!assetPolicy.canImport(actor)) throw AppError.forbidden();
      const sheet = await readSheet(upload, IMPORT_MAX_ROWS);
      if (!sheet.ok) {
        throw sheet.reason === 'too_many_rows'
          ? rejected(locale, 'reason_too_many_rows', { max: IMPORT_MAX_ROWS })
          : rejected(locale, 'reason_unreadable');
      }
      if (sheet.header.length === 0) throw rejected(locale, 'reason_no_rows');
      const { index, missing } = mapColumns(sheet.header);
      if (missing.length > 0) {
        const labels = assetText(locale).columns;
        throw rejected(locale, 'reason_missing_columns', {
          columns: missing.map((c) => labels[c]).join(locale === 'zh-CN' ? '、' : ', '),
        });
      }
      if (sheet.rows.length === 0) throw rejected(locale, 'reason_no_rows');

      const parsed = sheet.rows.map((r) => parseRow(r, index));
      const units = await repo.findVisibleUnitsByNames(
        db,
        actor,
        parsed.map((p) => p.unitName).filter(Boolean),
      );
      const byName = new Map<string, VisibleUnit[]>();
      for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
      const unitOf = new Map<ParsedRow, VisibleUnit>();
      for (const p of parsed) {
        if (!p.unitName) continue;
        const unit = resolveUnit(p, byName);
        if (typeof unit === 'string')
          p.problems.push({ field: 'unit', key: unit, params: { value: p.unitName } });
        else if (!assetPolicy.canWrite(actor, { unitId: unit.id, regionPath: unit.regionPath })) {
          p.problems.push({ field: 'unit', key: 'unit_not_found', params: { value: p.unitName } });
        } else unitOf.set(p, unit);
      }

      const seen = new Map<string, number>();
      for (const p of parsed) {
        const unit = unitOf.get(p);
        if (!unit || !p.fields.name) continue;
        const key = assetKey(unit.id, p.fields.name);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, p.row);
        else p.problems.push({ field: 'name', key: 'duplicate_in_file', params: { row: first } });
      }
      const existing = await repo.findByUnitAndNames(
        db,
        [...unitOf].map(([p, u]) => ({ unitId: u.id, name: p.fields.name })),
      );
      const existingId = new Map(existing.map((e) => [assetKey(e.unitId, e.name), e.id]));

      const errors: ImportRowError[] = [];
      const valid: StoredRow[] = [];
      for (const p of parsed) {
        const unit = unitOf.get(p);
        const updateId = unit ? (existingId.get(assetKey(unit.id, p.fields.name)) ?? null) : null;
        if (updateId !== null && mode === 'create') {
          p.problems.push({ field: 'name', key: 'already_exists', params: { value: p.fields.name } });
        }
        for (const problem of p.problems) {
          errors.push({
            row: p.row,
            field: problem.field.split('.')[0] ?? problem.field,
            message: assetMessage(locale, problem.key, problem.params),
          });
        }
        if (p.problems.length === 0 && unit)
          valid.push({ row: p.row, unitId: unit.id, updateId, fields: p.fields });
      }

      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + PREVIEW_TTL_MS).toISOString();
      const previewId = randomUUID();
      const fileName = upload.fileName.slice(0, 255);
      await db.transaction().execute(async (trx) => {
        await previews.deleteExpiredPreviews(trx, actor.userId, createdAt.toISOString());
        await previews.insertPreview(trx, {
          id: previewId,
          user_id: actor.userId,
          kind: PREVIEW_KIND,
          file_name: fileName,
          valid_rows: JSON.stringify(valid),
          row_errors: JSON.stringify(errors),
          total_rows: parsed.length,
          created_at: createdAt.toISOString(),
          expires_at: expiresAt,
          consumed_at: null,
        });
      });
      return { previewId, fileName, totalRows: parsed.length, validRows: valid.length, errors, expiresAt };
    },

    /**
     * Imports every valid row of a preview in one transaction (all or nothing), auditing each asset and
     * the import as a whole. Only the preview's owner may confirm it (404 otherwise), once (409), within
     * the hour (410). Rows are re-checked against the database as it is now.
     */
    async confirm(actor: Actor, previewId: string): Promise<{ imported: number }> {
      const preview = await previews.findPreview(db, previewId);
      if (!preview || preview.user_id !== actor.userId || preview.kind !== PREVIEW_KIND) {
        throw AppError.notFound();
      }
      if (!assetPolicy.canImport(actor)) throw AppError.forbidden();
      if (preview.consumed_at) throw new AppError('import_confirmed', {}, undefined, 409);
      const at = now().toISOString();
      if (preview.expires_at <= at) throw new AppError('import_expired', {}, undefined, 410);
      const parsed: unknown = JSON.parse(preview.valid_rows);
      if (!isStoredRows(parsed)) throw new Error(`import preview ${previewId} holds malformed rows`);
      const rows = parsed;

      return db.transaction().execute(async (trx) => {
        if (!(await previews.consumePreview(trx, previewId, at))) {
          throw new AppError('import_confirmed', {}, undefined, 409);
        }
        const units = new Map(
          (
            await repo.findVisibleUnitsByIds(
              trx,
              actor,
              rows.map((r) => r.unitId),
            )
          ).map((u) => [u.id, u]),
        );
        const existing = new Map(
          (
            await repo.findByUnitAndNames(
              trx,
              rows.map((r) => ({ unitId: r.unitId, name: r.fields.name })),
            )
          ).map((e) => [assetKey(e.unitId, e.name), e.id]),
        );
        const checked = rows.map((r) => {
          const unit = units.get(r.unitId);
          if (!unit || !assetPolicy.canWrite(actor, { unitId: unit.id, regionPath: unit.regionPath })) {
            throw AppError.conflict({ row: r.row, field: 'unit' });
          }
          // Someone else created or removed the same asset since the preview: refuse the whole import.
          const current = existing.get(assetKey(r.unitId, r.fields.name)) ?? null;
          if (current !== r.updateId) throw AppError.conflict({ row: r.row, field: 'name' });
          return { ...r, unit };
        });
        const creates = checked.filter((r) => r.updateId === null);
        const ids = await repo.insertAssets(trx, creates);
        for (const r of creates) {
          const id = ids.get(assetKey(r.unitId, r.fields.name));
          await appendAudit(trx, actor, {
            action: 'asset.create',
            resourceType: 'asset',
            resourceId: id,
            regionPath: r.unit.regionPath,
            after: { id, unitId: r.unit.id, unitName: r.unit.name, ...r.fields, importId: previewId },
          });
        }
        const updates = checked.flatMap((r) => (r.updateId === null ? [] : [{ ...r, updateId: r.updateId }]));
        for (const r of updates) {
          const before = await repo.findAsset(trx, r.updateId);
          await repo.updateAsset(trx, r.updateId, r.unit.id, r.fields);
          await appendAudit(trx, actor, {
            action: 'asset.update',
            resourceType: 'asset',
            resourceId: r.updateId,
            regionPath: r.unit.regionPath,
            before,
            after: {
              id: r.updateId,
              unitId: r.unit.id,
              unitName: r.unit.name,
              ...r.fields,
              importId: previewId,
            },
          });
        }
        const created = creates.length;
        const updated = updates.length;
        await appendAudit(trx, actor, {
          action: 'asset.import',
          resourceType: 'asset_import',
          resourceId: previewId,
          regionPath: actor.regionPath,
          after: {
            fileName: preview.file_name,
            totalRows: preview.total_rows,
            imported: rows.length,
            created,
            updated,
          },
        });
        return { imported: rows.length };
      });
    },
  };
}
