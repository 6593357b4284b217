import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJurisdiction } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

/**
 * The public page's per-client limits count the real client: X-Forwarded-For is believed only from the
 * configured proxies (loopback by default), so a client on the internet cannot walk around its limit by
 * claiming a fresh address on every request.
 */
describe(`client address of public submissions (${process.env.SHOUWANG_TEST_DIALECT})`, () => {
  let ctx: TestContext;
  let regionId = 0;

  beforeAll(async () => {
    ctx = await createTestContext();
    regionId = (await buildJurisdiction(ctx)).countyA.id;
  });
  afterAll(() => ctx.close());

  const submit = (remoteAddress: string, forwardedFor: string, n: number) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/messages',
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor },
      payload: {
        type: 'help',
        topic: 'address',
        regionId,
        title: `Address test ${remoteAddress} ${n}`,
        content: `Request ${n} from ${remoteAddress} claiming ${forwardedFor}.`,
        publishable: false,
      },
    });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const codes: number[] = [];
    for (let n = 0; n < 8; n++) codes.push((await submit('203.0.113.7', `198.18.0.${n + 1}`, n)).statusCode);
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes.slice(5)).toEqual([429, 429, 429]);
  });

  it('believes X-Forwarded-For from the reverse proxy on this host', async () => {
    const codes: number[] = [];
    for (let n = 0; n < 8; n++) codes.push((await submit('127.0.0.1', `198.18.1.${n + 1}`, n)).statusCode);
    expect(codes).toEqual(Array(8).fill(201));
  });
});
