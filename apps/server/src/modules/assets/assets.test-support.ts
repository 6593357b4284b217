import { randomBytes } from 'node:crypto';
import type { Role } from '@shouwang/common';
import ExcelJS from 'exceljs';
import { buildJurisdiction, buildUnit, buildUser, sessionCookie } from '../../../test/factories.ts';
import type { TestContext } from '../../../test/harness.ts';
import type { AssetDraft } from './asset-values.ts';
import { checkAssetFields } from './asset-values.ts';
import { assetRepository } from './assets.repository.ts';

/** Helpers shared by the assets test files (not a test file itself). */

/** A multipart/form-data body with one file, as a browser would send it. */
export function multipart(fileName: string, content: Buffer, field = 'file') {
  const boundary = `----shouwang${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** An XLSX with one sheet of the given rows (the first is the header), built with exceljs. */
export async function xlsxOf(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The rows of the first sheet of an XLSX, as text (exceljs reads it back). */
export async function rowsOfXlsx(buf: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(buf).buffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text);
    rows.push(cells);
  });
  return rows;
}

export function csvOf(rows: string[][]): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return `${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
}

let gbTable: Map<string, number[]> | null = null;

/** Encodes text as GB18030 (two-byte GBK range only), from TextDecoder's table: Node has no encoder. */
export function encodeGb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (!gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
    }
  }
  const table = gbTable;
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no GBK encoding for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

/** Inserts an asset straight through the repository (for list fixtures; the API path is tested apart). */
export async function insertAsset(
  ctx: TestContext,
  unitId: number,
  draft: Partial<AssetDraft> & { name: string },
): Promise<number> {
  const { fields, problems } = checkAssetFields({
    kind: 'website',
    domains: [],
    urls: [],
    ips: [],
    mlpsLevel: null,
    ...draft,
  });
  if (problems.length > 0) throw new Error(`bad fixture ${draft.name}: ${JSON.stringify(problems)}`);
  return assetRepository.insertAsset(ctx.services.database.db, unitId, fields);
}

/**
 * The jurisdiction of the factories (city > county A > town A1; county B) with a unit in town A1 and
 * signed-in users of the roles the assets tests need.
 */
export async function assetWorld(ctx: TestContext) {
  const j = await buildJurisdiction(ctx);
  const townUnit = await buildUnit(ctx, j.townA, { name: 'Town Unit' });
  const as = async (role: Role, region: typeof j.city, unitId: number | null = null) => {
    const user = await buildUser(ctx, { role, region, unitId });
    return { user, cookie: await sessionCookie(ctx, user) };
  };
  return {
    ...j,
    townUnit,
    cityAdmin: await as('office_admin', j.city),
    countyAAdmin: await as('office_admin', j.countyA),
    countyAAnalyst: await as('analyst', j.countyA),
    countyADuty: await as('duty_officer', j.countyA),
    unitAHandler: await as('unit_handler', j.countyA, j.unitA.id),
  };
}
