import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;

/** An .xlsx workbook with one sheet: the first row is the header, then the data rows. */
export async function buildXlsx(sheetName: string, header: string[], rows: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
