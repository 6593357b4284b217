export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportPreviewData {
  previewId: string;
  fileName: string;
  totalRows: number;
  validRows: number;
  errors: ImportRowError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the upload answer's shape (it comes from a plain fetch, not the typed client). */
export function parseImportPreview(value: unknown): ImportPreviewData | null {
  if (!isRecord(value)) return null;
  const { previewId, fileName, totalRows, validRows, errors } = value;
  if (typeof previewId !== 'string' || typeof fileName !== 'string') return null;
  if (typeof totalRows !== 'number' || typeof validRows !== 'number' || !Array.isArray(errors)) return null;
  const rows: ImportRowError[] = [];
  for (const e of errors) {
    if (!isRecord(e) || typeof e.row !== 'number' || typeof e.message !== 'string') return null;
    rows.push({ row: e.row, field: typeof e.field === 'string' ? e.field : '', message: e.message });
  }
  return { previewId, fileName, totalRows, validRows, errors: rows };
}
