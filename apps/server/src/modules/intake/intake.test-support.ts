import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

/** A multipart/form-data body with a `data` JSON field and files, as the public page sends it. */
export function submissionForm(data: unknown, files: { name: string; content: Buffer; type?: string }[]) {
  const boundary = `----shouwang${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  if (data !== undefined) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(data)}\r\n`,
      ),
    );
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\n` +
          `Content-Type: ${f.type ?? 'image/jpeg'}\r\n\r\n`,
        'utf8',
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A TIFF (little-endian) holding only a GPS IFD: 39°54'27"N 116°23'17"E (Tian'anmen). */
function gpsTiff(): Buffer {
  const t = Buffer.alloc(128);
  t.write('II', 0, 'latin1');
  t.writeUInt16LE(42, 2);
  t.writeUInt32LE(8, 4);
  // IFD0: one entry, GPSInfo → the GPS IFD at 26.
  t.writeUInt16LE(1, 8);
  t.writeUInt16LE(0x8825, 10);
  t.writeUInt16LE(4, 12);
  t.writeUInt32LE(1, 14);
  t.writeUInt32LE(26, 18);
  t.writeUInt32LE(0, 22);
  // GPS IFD: latitude ref/value, longitude ref/value.
  t.writeUInt16LE(4, 26);
  const entry = (at: number, tag: number, type: number, count: number, value: number | string) => {
    t.writeUInt16LE(tag, at);
    t.writeUInt16LE(type, at + 2);
    t.writeUInt32LE(count, at + 4);
    if (typeof value === 'string') t.write(value, at + 8, 'latin1');
    else t.writeUInt32LE(value, at + 8);
  };
  entry(28, 0x0001, 2, 2, 'N\0');
  entry(40, 0x0002, 5, 3, 80);
  entry(52, 0x0003, 2, 2, 'E\0');
  entry(64, 0x0004, 5, 3, 104);
  t.writeUInt32LE(0, 76);
  const rationals = (at: number, values: [number, number][]) => {
    values.forEach(([n, d], i) => {
      t.writeUInt32LE(n, at + i * 8);
      t.writeUInt32LE(d, at + i * 8 + 4);
    });
  };
  rationals(80, [
    [39, 1],
    [54, 1],
    [2700, 100],
  ]);
  rationals(104, [
    [116, 1],
    [23, 1],
    [1700, 100],
  ]);
  return t;
}

/** A small JPEG photo carrying an EXIF APP1 segment with a GPS position, as a phone camera writes it. */
export async function jpegWithGps(width = 64, height = 48): Promise<Buffer> {
  const plain = await sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 60, b: 30 } },
  })
    .jpeg()
    .toBuffer();
  const tiff = gpsTiff();
  const app1 = Buffer.alloc(4 + 6 + tiff.length);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(2 + 6 + tiff.length, 2);
  app1.write('Exif\0\0', 4, 'latin1');
  tiff.copy(app1, 10);
  // SOI, then the EXIF segment, then the rest of the image.
  return Buffer.concat([plain.subarray(0, 2), app1, plain.subarray(2)]);
}

export async function pngOf(width: number, height: number, noise = false): Promise<Buffer> {
  if (!noise) {
    return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
      .png()
      .toBuffer();
  }
  // Random pixels do not compress: the file is about width × height × 3 bytes.
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}
