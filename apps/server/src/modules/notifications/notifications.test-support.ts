import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { TestContext } from '../../../test/harness.ts';

/**
 * Test helpers of the notifications module: notices inserted directly (the notice API is built in
 * parallel), a local HTTP receiver and a local SMTP server, both on 127.0.0.1 with an ephemeral port.
 */

export async function insertNotice(
  ctx: TestContext,
  v: {
    unitId: number;
    regionPath: string;
    officeRegionId: number;
    createdBy: number;
    state?: string;
    title?: string;
    docNumber?: string | null;
    signDueAt?: string | null;
    rectifyDueAt?: string | null;
  },
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const row = await ctx.services.database.db
    .insertInto('notices')
    .values({
      office_region_id: v.officeRegionId,
      doc_year: null,
      doc_seq: null,
      doc_number: v.docNumber === undefined ? '江川网信通〔2026〕3号' : v.docNumber,
      unit_id: v.unitId,
      asset_id: null,
      region_path: v.regionPath,
      category: 'web_defacement',
      severity: 'II',
      title: v.title ?? '门户网站存在暗链',
      description: 'd',
      required_actions: 'r',
      tlp: 'AMBER',
      state: v.state ?? 'issued',
      source: 'manual',
      requires_leader_approval: 0,
      sign_due_at: v.signDueAt === undefined ? '2026-10-13T09:30:00.000Z' : v.signDueAt,
      rectify_due_at: v.rectifyDueAt === undefined ? '2026-10-20T09:30:00.000Z' : v.rectifyDueAt,
      deadline_provisional: 0,
      deadline_reason: null,
      overdue: 0,
      overdue_since: null,
      supervision_level: 0,
      last_reminder_at: null,
      return_count: 0,
      reopen_count: 0,
      signed_on_time: null,
      rectified_on_time: null,
      created_by: v.createdBy,
      issued_at: now,
      signed_at: null,
      reported_at: null,
      closed_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertChannel(
  ctx: TestContext,
  v: { regionId: number; kind: string; name?: string; config: Record<string, unknown>; enabled?: boolean },
): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const row = await ctx.services.database.db
    .insertInto('notification_channels')
    .values({
      region_id: v.regionId,
      kind: v.kind,
      name: v.name ?? `${v.kind} channel`,
      config: JSON.stringify({ topics: [], secure: false, ...v.config }),
      enabled: v.enabled === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Decides each answer; default 200 {"errcode":0,"code":0}. */
  respond: (req: ReceivedRequest) => { status: number; body: string };
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const receiver: HttpReceiver = {
    url: '',
    requests: [],
    respond: () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}' }),
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.requests.push(received);
      const answer = receiver.respond(received);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) without TLS or authentication, for the e-mail channel. */
export async function startSmtpServer(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...decodeMail(raw),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_w, enc: string, data: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(value: string): string {
  const bytes: number[] = [];
  const text = value.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Subject and text of a single-part message as nodemailer writes it (enough for these tests). */
function decodeMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) =>
    head
      .split('\r\n')
      .find((l) => l.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const encoding = header('content-transfer-encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { subject: decodeWords(header('subject')), text: text.replace(/\r\n/g, '\n').trim() };
}
