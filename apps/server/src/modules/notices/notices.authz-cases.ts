import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isUnitRole, type Role } from '@shouwang/common';
import type { MatrixCase, MatrixFixtures, Outcome, Where } from '../../../test/authz-matrix.ts';
import { systemActor } from '../../platform/http/actor.ts';

/**
 * The notice core's entries for the authorization matrix (spread into apps/server/test/authz-matrix.cases.ts):
 * notices, their attachments and policy, findings and saved views. Targets "inside" belong to unit A in the
 * callers' county; "outside" ones to unit B in the other county.
 */

const WRITERS: readonly Role[] = ['system_admin', 'office_admin', 'analyst'];
const ADMINS: readonly Role[] = ['system_admin', 'office_admin'];
const system = systemActor('/');
const side = (f: MatrixFixtures, where: Where) => (where === 'inside' ? f.home : f.away);

const writersActInside = (role: Role, where: Where): Outcome =>
  where === 'outside' ? 'hidden' : WRITERS.includes(role) ? 'ok' : 'denied';
/** Drafts and findings are office material: unit roles do not see them at all. */
const writersActHiddenFromUnits = (role: Role, where: Where): Outcome =>
  where === 'outside' || isUnitRole(role) ? 'hidden' : WRITERS.includes(role) ? 'ok' : 'denied';

async function freshNotice(f: MatrixFixtures, where: Where, issued: boolean): Promise<number> {
  const { notices } = f.ctx.services;
  const id = await notices.create(system, {
    unitId: side(f, where).unitId,
    category: 'defacement',
    severity: 'III',
    title: `Notice ${f.uniq()}`,
    description: 'Matrix notice',
    requiredActions: 'Fix it',
  });
  if (issued) await notices.transition(system, id, { action: 'issue', version: 1 });
  return id;
}

async function freshFinding(f: MatrixFixtures, where: Where): Promise<number> {
  const outcome = await f.ctx.services.findings.report(system, {
    source: 'monitoring',
    detector: 'matrix.check',
    dedupKey: `matrix:${f.uniq()}`,
    unitId: side(f, where).unitId,
    category: 'availability',
    severity: 'IV',
    title: 'Site down',
    evidence: {},
  });
  return outcome.findingId;
}

/** An attachment written the way the service stores it, owned by any user. */
async function freshAttachment(f: MatrixFixtures, where: Where): Promise<string> {
  const noticeId = await freshNotice(f, where, true);
  const { db } = f.ctx.services.database;
  const content = Buffer.from(`evidence ${f.uniq()}\n`);
  const sha = createHash('sha256').update(content).digest('hex');
  const key = `notices/${noticeId}/${sha}`;
  mkdirSync(path.join(f.ctx.dataDir, 'files', 'notices', String(noticeId)), { recursive: true });
  writeFileSync(path.join(f.ctx.dataDir, 'files', key), content);
  const user = await db.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow();
  const row = await db
    .insertInto('notice_attachments')
    .values({
      notice_id: noticeId,
      event_id: null,
      kind: 'evidence',
      file_name: 'evidence.txt',
      content_type: 'text/plain; charset=utf-8',
      size_bytes: content.length,
      sha256: sha,
      storage_key: key,
      uploaded_by: user.id,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return `/api/v1/notices/${noticeId}/attachments/${row.id}`;
}

function textUpload(content: string) {
  const boundary = '----shouwangmatrix';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nevidence\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\n` +
    `Content-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return {
    payload: Buffer.from(body),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const policyBody = {
  deadlines: {
    I: { sign: '2wh', rectify: '1wd' },
    II: { sign: '4wh', rectify: '3wd' },
    III: { sign: '1wd', rectify: '5wd' },
    IV: { sign: '1wd', rectify: '10wd' },
  },
  requireLeaderApproval: false,
  docNumberPrefix: '网信通',
};

export const noticeMatrixCases: Record<string, MatrixCase> = {
  'GET /api/v1/notices': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/notices' }),
    expect: () => 'ok',
  },
  'GET /api/v1/notices/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/notices/${await freshNotice(f, where, true)}` }),
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
  'POST /api/v1/notices': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/notices',
      payload: {
        unitId: side(f, where).unitId,
        category: 'defacement',
        severity: 'II',
        title: `N ${f.uniq()}`,
        description: 'd',
        requiredActions: 'r',
      },
    }),
    expect: writersActInside,
  },
  'PUT /api/v1/notices/:id': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/notices/${await freshNotice(f, where, false)}`,
      payload: {
        unitId: side(f, where).unitId,
        category: 'defacement',
        severity: 'II',
        title: `N ${f.uniq()}`,
        description: 'd',
        requiredActions: 'r',
        version: 1,
      },
    }),
    expect: writersActHiddenFromUnits,
  },
  'POST /api/v1/notices/:id/transitions': {
    // Signing an issued notice: the unit's roles may; office roles never sign (403).
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/notices/${await freshNotice(f, where, true)}/transitions`,
      payload: { action: 'sign', version: 2 },
    }),
    expect: (role, where) => (where === 'outside' ? 'hidden' : isUnitRole(role) ? 'ok' : 'denied'),
  },
  'POST /api/v1/notices/:id/deadline': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/notices/${await freshNotice(f, where, true)}/deadline`,
      payload: { rectifyDueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: 'agreed' },
    }),
    expect: writersActInside,
  },
  'POST /api/v1/notices/bulk': {
    // Per-notice refusals are reported in the results, so the call itself succeeds for everyone.
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/notices/bulk',
      payload: { ids: [await freshNotice(f, 'inside', true)], action: 'sign' },
    }),
    expect: () => 'ok',
  },
  'POST /api/v1/notices/:id/attachments': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/notices/${await freshNotice(f, where, true)}/attachments`,
      ...textUpload(`matrix ${f.uniq()}`),
    }),
    // The unit may add evidence from the moment the notice is issued; auditors and duty officers may not.
    expect: (role, where) =>
      where === 'outside' ? 'hidden' : WRITERS.includes(role) || isUnitRole(role) ? 'ok' : 'denied',
  },
  'GET /api/v1/notices/:id/attachments/:attachmentId': {
    scoped: true,
    prepare: async (f, where) => ({ url: await freshAttachment(f, where) }),
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
  'GET /api/v1/notices/policy': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/notices/policy' }),
    expect: () => 'ok',
  },
  'PUT /api/v1/notices/policy': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/notices/policy',
      payload: { ...policyBody, regionId: side(f, where).region.id },
    }),
    expect: (role, where) => (where === 'outside' ? 'hidden' : ADMINS.includes(role) ? 'ok' : 'denied'),
  },

  'GET /api/v1/findings': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/findings' }),
    expect: (role) => (isUnitRole(role) ? 'denied' : 'ok'),
  },
  'GET /api/v1/findings/:id': {
    scoped: true,
    prepare: async (f, where) => ({ url: `/api/v1/findings/${await freshFinding(f, where)}` }),
    expect: (role, where) => (where === 'outside' || isUnitRole(role) ? 'hidden' : 'ok'),
  },
  'POST /api/v1/findings': {
    scoped: true,
    prepare: async (f, where) => ({
      url: '/api/v1/findings',
      payload: { unitId: side(f, where).unitId, category: 'content', severity: 'IV', title: `F ${f.uniq()}` },
    }),
    expect: writersActHiddenFromUnits,
  },
  'POST /api/v1/findings/:id/raise-notice': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/findings/${await freshFinding(f, where)}/raise-notice`,
      payload: {},
    }),
    expect: writersActHiddenFromUnits,
  },
  'POST /api/v1/findings/:id/dismiss': {
    scoped: true,
    prepare: async (f, where) => ({
      url: `/api/v1/findings/${await freshFinding(f, where)}/dismiss`,
      payload: { reason: 'false positive' },
    }),
    expect: writersActHiddenFromUnits,
  },

  'GET /api/v1/saved-views': {
    scoped: false,
    prepare: async () => ({ url: '/api/v1/saved-views?page=notices' }),
    expect: () => 'ok',
  },
  'POST /api/v1/saved-views': {
    scoped: false,
    prepare: async (f) => ({
      url: '/api/v1/saved-views',
      payload: { page: 'notices', name: `V ${f.uniq()}`, query: { state: 'issued' } },
    }),
    expect: () => 'ok',
  },
  'DELETE /api/v1/saved-views/:id': {
    // Inside: the caller's own view; outside: a system admin's, which nobody else may see.
    scoped: true,
    prepare: async (f, where, role) => {
      const owner = where === 'inside' ? role : role === 'system_admin' ? 'office_admin' : 'system_admin';
      const res = await f.ctx.app.inject({
        method: 'POST',
        url: '/api/v1/saved-views',
        payload: { page: 'notices', name: `V ${f.uniq()}`, query: {} },
        headers: { cookie: f.cookieOf(owner) },
      });
      return { url: `/api/v1/saved-views/${res.json().id}` };
    },
    expect: (_role, where) => (where === 'inside' ? 'ok' : 'hidden'),
  },
};
