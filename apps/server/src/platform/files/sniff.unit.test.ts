import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeText, sniffFileType, zipEntryNames } from './sniff.ts';

/** A minimal stored (uncompressed) ZIP with the given entry names; CRCs are not checked by the sniffer. */
function zipOf(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

async function realXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').addRow(['名称', 'name']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('sniffFileType', () => {
  it('recognises an XLSX written by exceljs by its ZIP entries', async () => {
    const buf = await realXlsx();
    expect(zipEntryNames(buf)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml']));
    expect(sniffFileType(buf)).toEqual({ type: 'xlsx' });
  });

  it('tells a DOCX from an XLSX by its entries, and calls any other ZIP just a zip', () => {
    expect(sniffFileType(zipOf(['[Content_Types].xml', 'word/document.xml']))).toEqual({ type: 'docx' });
    expect(sniffFileType(zipOf(['[Content_Types].xml', 'xl/workbook.xml']))).toEqual({ type: 'xlsx' });
    expect(sniffFileType(zipOf(['word/document.xml']))).toEqual({ type: 'zip' });
    expect(sniffFileType(zipOf(['readme.txt']))).toEqual({ type: 'zip' });
  });

  it('recognises WebP by its RIFF header', () => {
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
    expect(sniffFileType(webp)).toEqual({ type: 'webp' });
    const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WAVEfmt ')]);
    expect(sniffFileType(wav)).toEqual({ type: 'binary' });
  });

  it('calls a truncated ZIP a zip, not an xlsx', async () => {
    const buf = await realXlsx();
    expect(sniffFileType(buf.subarray(0, 200))).toEqual({ type: 'zip' });
  });

  it('recognises images, PDF and legacy XLS by magic bytes', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(sniffFileType(png).type).toBe('png');
    expect(sniffFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2])).type).toBe('jpeg');
    expect(sniffFileType(Buffer.from('GIF89a....')).type).toBe('gif');
    expect(sniffFileType(Buffer.from('%PDF-1.7\n')).type).toBe('pdf');
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(sniffFileType(ole).type).toBe('xls');
  });

  it('accepts UTF-8 text with and without a BOM as CSV', () => {
    const text = '名称,类型\n门户网站,网站\n';
    expect(sniffFileType(Buffer.from(text, 'utf8'))).toEqual({ type: 'csv', encoding: 'utf-8', bom: false });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(sniffFileType(withBom)).toEqual({ type: 'csv', encoding: 'utf-8', bom: true });
    expect(decodeText(withBom, 'utf-8')).toBe(text);
  });

  it('detects GB18030 text that is not valid UTF-8 and decodes it', () => {
    // "名称,类型\r\n" in GBK/GB18030, as Excel on Chinese Windows saves a CSV.
    const gbk = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xc0, 0xe0, 0xd0, 0xcd, 0x0d, 0x0a]);
    expect(sniffFileType(gbk)).toEqual({ type: 'csv', encoding: 'gb18030', bom: false });
    expect(decodeText(gbk, 'gb18030')).toBe('名称,类型\r\n');
  });

  it('refuses text with NUL or other binary control bytes, and empty files', () => {
    expect(sniffFileType(Buffer.from('a,b\n\u0000c,d\n')).type).toBe('binary');
    expect(sniffFileType(Buffer.from('a,b\n\u0001')).type).toBe('binary');
    // UTF-16LE text (as some tools write "Unicode text") is full of NUL bytes.
    expect(sniffFileType(Buffer.from('name,kind', 'utf16le')).type).toBe('binary');
    expect(sniffFileType(Buffer.alloc(0)).type).toBe('empty');
  });

  it('refuses bytes that are neither UTF-8 nor GB18030', () => {
    expect(sniffFileType(Buffer.from([0x61, 0xff, 0xfe, 0x80, 0x62])).type).toBe('binary');
  });
});
