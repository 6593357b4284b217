import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction, buildUser, sessionCookie } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { solveChallenge } from './abuse-guard.ts';
import { UPLOAD_SETTING } from './evidence.ts';
import { jpegWithGps, pngOf, submissionForm } from './intake.test-support.ts';

/** Every file under a folder, recursively (the evidence store). */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

describe(`intake evidence uploads (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let j: Awaited<ReturnType<typeof buildJurisdiction>>;
  let ip = 0;
  const nextIp = () => `198.51.100.${++ip}`;
  const evidenceDir = () => path.join(ctx.dataDir, 'intake-evidence');

  beforeAll(async () => {
    ctx = await createTestContext();
    j = await buildJurisdiction(ctx);
  });
  afterAll(() => ctx.close());

  const message = (title: string) => ({
    type: 'complaint',
    topic: 'roads',
    regionId: j.countyA.id,
    title,
    content: `Broken street light on the corner, photo attached (${title}).`,
    publishable: true,
  });

  function post(
    url: string,
    form: { payload: Buffer; headers: Record<string, string> },
    remoteAddress = nextIp(),
    extra: Record<string, string> = {},
    lang = 'en-US',
  ) {
    return ctx.app.inject({
      method: 'POST',
      url,
      remoteAddress,
      payload: form.payload,
      headers: { ...form.headers, ...extra, 'accept-language': lang },
    });
  }

  async function caseCount(title: string): Promise<number> {
    const row = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function caseIdOf(title: string): Promise<number> {
    const row = await ctx.services.database.db
      .selectFrom('intake_cases')
      .select('id')
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function setLimits(limits: Record<string, number> | null) {
    const db = ctx.services.database.db;
    await db.deleteFrom('settings').where('key', '=', UPLOAD_SETTING).execute();
    if (limits) {
      await db
        .insertInto('settings')
        .values({ key: UPLOAD_SETTING, value: JSON.stringify(limits), updated_at: new Date().toISOString() })
        .execute();
    }
  }

  it('stores a photo re-encoded without its GPS metadata, shown to staff and served safely', async () => {
    const photo = await jpegWithGps();
    const before = await sharp(photo).metadata();
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPSInfo tag is there

    const res = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(message('Street light'), [{ name: 'IMG_0001.jpg', content: photo }]),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ files: 1 });
    expect(res.json().queryCode).toMatch(/^[0-9A-Z]{12}$/);
    expect(res.json()).not.toHaveProperty('caseId');

    const id = await caseIdOf('Street light');
    const analyst = await buildUser(ctx, { role: 'analyst', region: j.countyA });
    const cookie = await sessionCookie(ctx, analyst);
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/intake/cases/${id}/files`,
      headers: { cookie },
    });
    expect(list.statusCode).toBe(200);
    const [file] = list.json().items;
    expect(file).toMatchObject({ name: 'IMG_0001.jpg', mediaType: 'image/jpeg', width: 64, height: 48 });

    const got = await ctx.app.inject({ method: 'GET', url: file.url, headers: { cookie } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['content-disposition']).toContain('inline');
    expect(got.headers['content-security-policy']).toContain('sandbox');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const stored = got.rawPayload;
    const after = await sharp(stored).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(stored.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    // On disk under the data dir, the same bytes.
    const onDisk = filesUnder(evidenceDir());
    expect(onDisk).toHaveLength(1);

    // Staff of another county do not see the case's files at all.
    const outsider = await buildUser(ctx, { role: 'analyst', region: j.countyB });
    const hidden = await ctx.app.inject({
      method: 'GET',
      url: file.url,
      headers: { cookie: await sessionCookie(ctx, outsider) },
    });
    expect(hidden.statusCode).toBe(404);
    const anonymous = await ctx.app.inject({ method: 'GET', url: file.url });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses the whole submission when one file is a renamed executable, with a reason per file', async () => {
    const filesBefore = filesUnder(evidenceDir()).length;
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 7)]);
    const res = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(message('With exe'), [
        { name: 'ok.png', content: await pngOf(20, 20) },
        { name: 'holiday.jpg', content: exe },
        { name: 'evidence.zip', content: Buffer.from(`PK\x05\x06${'\0'.repeat(18)}`, 'latin1') },
      ]),
    );
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('evidence_rejected');
    expect(body.error.details.map((d: { index: number; reason: string }) => [d.index, d.reason])).toEqual([
      [1, 'executable'],
      [2, 'archive'],
    ]);
    expect(body.error.details[0].message).toContain('holiday.jpg');
    // Nothing half-written: no case, no file.
    expect(await caseCount('With exe')).toBe(0);
    expect(filesUnder(evidenceDir())).toHaveLength(filesBefore);
  });

  it('refuses an oversized file and too many files by the office limits, in the caller language', async () => {
    await setLimits({ maxFiles: 2, maxFileBytes: 4096, maxTotalBytes: 100_000 });
    try {
      const big = await pngOf(80, 80, true); // ~19 KB of noise
      expect(big.length).toBeGreaterThan(4096);
      const res = await post(
        '/api/v1/public/reports/with-files',
        submissionForm({ category: 'fraud', urls: ['http://scam.example/a'], description: 'Oversized' }, [
          { name: 'big.png', content: big },
        ]),
        nextIp(),
        {},
        'zh-CN',
      );
      expect(res.statusCode).toBe(422);
      expect(res.json().error.details[0]).toMatchObject({ reason: 'too_large', fileName: 'big.png' });
      expect(res.json().error.details[0].message).toContain('4 KB');
      expect(await caseCount('Oversized')).toBe(0);

      const small = await pngOf(8, 8);
      const many = await post(
        '/api/v1/public/messages/with-files',
        submissionForm(message('Too many'), [
          { name: 'a.png', content: small },
          { name: 'b.png', content: small },
          { name: 'c.png', content: small },
        ]),
      );
      expect(many.statusCode).toBe(422);
      expect(many.json().error.details.map((d: { reason: string }) => d.reason)).toContain('too_many');
      expect(await caseCount('Too many')).toBe(0);

      const options = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/intake/options' });
      expect(options.json().uploads).toEqual({ maxFiles: 2, maxFileBytes: 4096, maxTotalBytes: 100_000 });
    } finally {
      await setLimits(null);
    }
  });

  it('refuses HTML, an unreadable image and a missing data field with clear errors', async () => {
    const html = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(message('Html'), [
        { name: 'x.png', content: Buffer.from('<html><script>alert(1)</script>') },
      ]),
    );
    expect(html.statusCode).toBe(422);
    expect(html.json().error.details[0].reason).toBe('type_not_accepted');
    const broken = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(message('Broken'), [
        {
          name: 'broken.jpg',
          content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]),
        },
      ]),
    );
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.details[0].reason).toBe('image_unreadable');
    // An iPhone HEIC (HEVC) photo: recognised, and the citizen told what to do instead.
    const heicHead = Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
    ]);
    const heic = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(message('Heic'), [
        { name: 'IMG_0002.HEIC', content: Buffer.concat([heicHead, Buffer.alloc(256)]) },
      ]),
    );
    expect(heic.statusCode).toBe(422);
    expect(heic.json().error.details[0].reason).toBe('heic_unsupported');
    const noData = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(undefined, [{ name: 'a.png', content: await pngOf(4, 4) }]),
    );
    expect(noData.statusCode).toBe(400);
    expect(noData.json().error.details[0].field).toBe('data');
    const badData = await post(
      '/api/v1/public/messages/with-files',
      submissionForm({ ...message('Bad'), regionId: 'x', extra: 1 }, []),
    );
    expect(badData.statusCode).toBe(400);
    expect(badData.json().error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['regionId', 'extra']),
    );
    expect((await caseCount('Html')) + (await caseCount('Broken')) + (await caseCount('Heic'))).toBe(0);
  });

  it('throttles and challenges a flooding uploader while another client still submits with a photo', async () => {
    const flooder = '203.0.113.99';
    const photo = await pngOf(16, 16);
    let challenge: { challenge: string; difficulty: number } | null = null;
    for (let i = 0; i < 8 && !challenge; i++) {
      const res = await post(
        '/api/v1/public/messages/with-files',
        submissionForm(message(`Flood ${i}`), [{ name: 'p.png', content: photo }]),
        flooder,
      );
      if (res.statusCode === 429) challenge = res.json().error.details;
      else expect(res.statusCode).toBe(201);
    }
    if (!challenge) throw new Error('the flooding client was never challenged');
    const other = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(message('Bystander'), [{ name: 'p.png', content: photo }]),
    );
    expect(other.statusCode).toBe(201);
    const nonce = solveChallenge(challenge.challenge, challenge.difficulty);
    const solved = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(message('Solved upload'), [{ name: 'p.png', content: photo }]),
      flooder,
      { 'x-intake-challenge': challenge.challenge, 'x-intake-nonce': nonce },
    );
    expect(solved.statusCode).toBe(201);
  });

  it('lists what each file was on arrival next to what is stored: a GIF named .jpg is kept as PNG', async () => {
    const gif = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#3366cc' } })
      .gif()
      .toBuffer();
    const res = await post(
      '/api/v1/public/messages/with-files',
      submissionForm(message('Renamed gif'), [{ name: 'holiday.jpg', content: gif }]),
    );
    expect(res.statusCode).toBe(201);
    const id = await caseIdOf('Renamed gif');
    const cookie = await sessionCookie(ctx, await buildUser(ctx, { role: 'analyst', region: j.countyA }));
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/intake/cases/${id}/files`,
      headers: { cookie },
    });
    expect(list.json().items).toEqual([
      expect.objectContaining({
        name: 'holiday.jpg',
        mediaType: 'image/png',
        sniffedType: 'gif',
        width: 20,
        height: 10,
        originalSize: gif.length,
      }),
    ]);
  });
});
