import { randomBytes } from 'node:crypto';
import type { Locale } from '@shouwang/common';
import { citizenSeesReply, MESSAGE_TYPES, type MessageType } from '@shouwang/common/intake/intake';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { intakePolicy } from './intake.policy.ts';
import { caseVisibleTo } from './intake.repository.ts';
import type { IntakePublicService, PublicCaller } from './intake-public.service.ts';

/** An Open311 failure: the HTTP status and the descriptions the spec's error list carries. */
export class Open311Failure extends Error {
  readonly status: number;
  readonly descriptions: string[];
  readonly headers: Record<string, string>;
  constructor(status: number, descriptions: string[], headers: Record<string, string> = {}) {
    super(descriptions.join('; '));
    this.status = status;
    this.descriptions = descriptions;
    this.headers = headers;
  }
}

const SERVICE_NAMES: Record<MessageType, { zh: string; en: string; zhDesc: string; enDesc: string }> = {
  complaint: {
    zh: '投诉',
    en: 'Complaint',
    zhDesc: '对政府部门或公共服务的投诉',
    enDesc: 'A complaint about a government body or public service',
  },
  help: {
    zh: '求助',
    en: 'Request for help',
    zhDesc: '需要政府帮助解决的问题',
    enDesc: 'A problem you need help with',
  },
  suggestion: {
    zh: '建议',
    en: 'Suggestion',
    zhDesc: '对工作的意见和建议',
    enDesc: 'A suggestion to the government',
  },
  enquiry: {
    zh: '咨询',
    en: 'Enquiry',
    zhDesc: '政策和办事咨询',
    enDesc: 'A question about a policy or procedure',
  },
};

const CLOSED_STATES = ['replied', 'closed', 'transferred'];
const MAX_RESULTS = 1000;
const DEFAULT_WINDOW_DAYS = 90;

const t = (locale: Locale, zh: string, en: string) => (locale === 'en-US' ? en : zh);

export interface Open311Submission {
  service_code?: string;
  description?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  media_url?: string;
  attribute?: Record<string, string>;
}

export interface Open311Query {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

function isMessageType(code: string): code is MessageType {
  return (MESSAGE_TYPES as readonly string[]).includes(code);
}

function bounded(locale: Locale, name: string, value: string | undefined, max: number): string | null {
  const v = value?.trim();
  if (!v) return null;
  if ([...v].length > max)
    throw new Open311Failure(400, [
      t(locale, `${name} 长度不能超过 ${max}`, `${name} must be at most ${max} characters`),
    ]);
  return v;
}

function dateParam(locale: Locale, name: string, value: string | undefined): string | null {
  if (!value) return null;
  // W3C datetime: a date, or a date and time with a zone.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new Open311Failure(400, [
      t(
        locale,
        `${name} 应为 W3C 日期时间格式`,
        `${name} must be a W3C datetime (e.g. 2026-11-22T08:00:00+08:00)`,
      ),
    ]);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new Open311Failure(400, [t(locale, `${name} 不是有效日期`, `${name} is not a valid date`)]);
  return d.toISOString();
}

/**
 * Open311 GeoReport v2 over citizen messages: service = message type, request = message. Anonymous
 * clients submit through the public path (same per-client limits and challenge) and see only messages
 * whose authors allowed publication; an API token with intake:read sees the cases of its owner's
 * jurisdiction, one with intake:write submits as its owner (channel api).
 */
export function createOpen311Service(deps: { db: Db; now: () => Date; intakePublic: IntakePublicService }) {
  const { db, now, intakePublic } = deps;

  async function regions() {
    return db.selectFrom('regions').select(['id', 'name', 'path', 'parent_id']).orderBy('path').execute();
  }

  function serviceOf(locale: Locale, code: MessageType) {
    const n = SERVICE_NAMES[code];
    return {
      service_code: code,
      service_name: t(locale, n.zh, n.en),
      description: t(locale, n.zhDesc, n.enDesc),
      metadata: true,
      type: 'realtime',
      keywords: code,
      group: t(locale, '网民留言', 'Messages'),
    };
  }

  function requestSelect(actor: Actor | null) {
    let q = db
      .selectFrom('intake_cases')
      .leftJoin('intake_open311 as o', 'o.case_id', 'intake_cases.id')
      .leftJoin('units as u', 'u.id', 'intake_cases.unit_id')
      .select([
        'intake_cases.id',
        'intake_cases.state',
        'intake_cases.message_type',
        'intake_cases.content',
        'intake_cases.reply',
        'intake_cases.publishable',
        'intake_cases.published_at',
        'intake_cases.region_id',
        'intake_cases.created_at',
        'intake_cases.updated_at',
        'intake_cases.handle_due_at',
        'u.name as unit_name',
        'o.lat',
        'o.long',
        'o.address',
        'o.address_id',
        'o.media_url',
      ])
      .where('intake_cases.kind', '=', 'message');
    // Anonymous callers see what the citizens allowed to publish; an API token what its owner may read.
    q = actor ? q.where(caseVisibleTo(actor)) : q.where('intake_cases.publishable', '=', 1);
    return q;
  }

  type RequestRow = Awaited<ReturnType<ReturnType<typeof requestSelect>['execute']>>[number];

  function present(locale: Locale, row: RequestRow, actor: Actor | null) {
    const code = (row.message_type ?? 'complaint') as MessageType;
    const answered = citizenSeesReply(row.state);
    return {
      service_request_id: String(row.id),
      status: CLOSED_STATES.includes(row.state) ? 'closed' : 'open',
      // The reply is public once the office approved its publication; staff keys read it as soon as it went out.
      status_notes: answered && (actor || row.published_at !== null) ? row.reply : null,
      service_name: serviceOf(locale, isMessageType(code) ? code : 'complaint').service_name,
      service_code: code,
      description: row.content,
      agency_responsible: row.unit_name ?? null,
      service_notice: null,
      requested_datetime: row.created_at,
      updated_datetime: row.updated_at,
      expected_datetime: row.handle_due_at ?? null,
      address: row.address ?? null,
      address_id: row.address_id ?? String(row.region_id),
      zipcode: null,
      lat: row.lat ?? null,
      long: row.long ?? null,
      media_url: row.media_url ?? null,
    };
  }

  return {
    discovery(baseUrl: string, locale: Locale) {
      const changeset = '2026-11-22T05:00:00Z';
      return {
        changeset,
        contact: t(locale, '本网信办网民留言受理平台', 'The cyberspace office’s citizen message desk'),
        key_service: t(
          locale,
          '匿名提交无需密钥（与网页相同的频率限制）；机构客户端请向网信办申请带 intake:write 权限的 API 令牌，作为 api_key 提交。',
          'Anonymous submission needs no key (same per-client limits as the web page); agencies ask the office for an API token with the intake:write scope and send it as api_key.',
        ),
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${baseUrl}/open311/v2`,
            changeset,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      };
    },

    services(locale: Locale) {
      return MESSAGE_TYPES.map((code) => serviceOf(locale, code));
    },

    async definition(locale: Locale, code: string) {
      if (!isMessageType(code))
        throw new Open311Failure(404, [t(locale, '服务不存在', 'service_code not found')]);
      const all = await regions();
      return {
        service_code: code,
        attributes: [
          {
            variable: true,
            code: 'title',
            datatype: 'string',
            required: false,
            datatype_description: t(
              locale,
              '不超过 100 字；缺省取描述开头',
              'At most 100 characters; defaults to the start of the description',
            ),
            order: 1,
            description: t(locale, '标题', 'Title'),
          },
          {
            variable: true,
            code: 'topic',
            datatype: 'string',
            required: false,
            datatype_description: t(locale, '不超过 100 字', 'At most 100 characters'),
            order: 2,
            description: t(locale, '主题（如 道路、教育）', 'Topic (e.g. roads, schools)'),
          },
          {
            variable: true,
            code: 'region',
            datatype: 'singlevaluelist',
            required: false,
            datatype_description: t(
              locale,
              '所涉地区；也可用 address_id 传地区编号',
              'The region concerned; address_id may carry the same id',
            ),
            order: 3,
            description: t(locale, '地区', 'Region'),
            values: all.map((r) => ({ key: String(r.id), name: r.name })),
          },
          {
            variable: true,
            code: 'publishable',
            datatype: 'singlevaluelist',
            required: false,
            datatype_description: t(
              locale,
              '是否同意公开留言及答复',
              'Whether the message and its reply may be published',
            ),
            order: 4,
            description: t(locale, '同意公开', 'May be published'),
            values: [
              { key: 'true', name: t(locale, '同意', 'Yes') },
              { key: 'false', name: t(locale, '不同意', 'No') },
            ],
          },
        ],
      };
    },

    /** Stores a request; `actor` is the owner of an intake:write API token, or null (public path). */
    async submit(caller: PublicCaller, actor: Actor | null, input: Open311Submission) {
      const { locale } = caller;
      const code = input.service_code?.trim();
      if (!code) throw new Open311Failure(400, [t(locale, '缺少 service_code', 'service_code is required')]);
      if (!isMessageType(code))
        throw new Open311Failure(404, [t(locale, '服务不存在', 'service_code not found')]);
      const problems: string[] = [];
      const description = bounded(locale, 'description', input.description, 4000);
      if (!description) problems.push(t(locale, '缺少 description', 'description is required'));
      const latRaw = input.lat?.trim();
      const longRaw = input.long?.trim();
      let lat: number | null = null;
      let long: number | null = null;
      if (latRaw || longRaw) {
        lat = Number(latRaw);
        long = Number(longRaw);
        if (
          !latRaw ||
          !longRaw ||
          !Number.isFinite(lat) ||
          !Number.isFinite(long) ||
          Math.abs(lat) > 90 ||
          Math.abs(long) > 180
        ) {
          problems.push(
            t(
              locale,
              'lat 和 long 须同时给出且为有效坐标',
              'lat and long must both be given as valid WGS84 coordinates',
            ),
          );
        }
      }
      const address = bounded(locale, 'address_string', input.address_string, 500);
      const addressId = bounded(locale, 'address_id', input.address_id, 100);
      const attr = input.attribute ?? {};
      const regionKey = attr.region?.trim() || (addressId && /^\d+$/.test(addressId) ? addressId : null);
      if (lat === null && !address && !addressId && !regionKey) {
        problems.push(
          t(
            locale,
            '须提供位置：lat 与 long、address_string、address_id 或 attribute[region]',
            'a location is required: lat and long, address_string, address_id or attribute[region]',
          ),
        );
      }
      const all = await regions();
      const region = regionKey
        ? all.find((r) => String(r.id) === regionKey)
        : all.find((r) => r.parent_id === null);
      if (!region) problems.push(t(locale, '地区不存在', 'attribute[region] is not a known region'));
      const phone = bounded(locale, 'phone', input.phone, 20);
      if (phone && !/^[0-9+ -]*$/.test(phone))
        problems.push(t(locale, '电话号码格式不正确', 'phone may hold only digits, +, - and spaces'));
      const name = [input.first_name?.trim(), input.last_name?.trim()].filter(Boolean).join(' ') || undefined;
      if (name && [...name].length > 50)
        problems.push(t(locale, '姓名过长', 'first_name and last_name are too long'));
      const publishableRaw = attr.publishable?.trim();
      if (publishableRaw && publishableRaw !== 'true' && publishableRaw !== 'false') {
        problems.push(
          t(
            locale,
            'attribute[publishable] 须为 true 或 false',
            'attribute[publishable] must be true or false',
          ),
        );
      }
      const title = bounded(locale, 'attribute[title]', attr.title, 100);
      const topic = bounded(locale, 'attribute[topic]', attr.topic, 100);
      const extra = {
        email: bounded(locale, 'email', input.email, 200),
        device_id: bounded(locale, 'device_id', input.device_id, 200),
        account_id: bounded(locale, 'account_id', input.account_id, 200),
        media_url: bounded(locale, 'media_url', input.media_url, 2000),
      };
      if (extra.media_url && !/^https?:\/\//i.test(extra.media_url))
        problems.push(t(locale, 'media_url 须为 http(s) 地址', 'media_url must be an http(s) URL'));
      if (problems.length > 0 || !region || !description) throw new Open311Failure(400, problems);
      if (actor && !intakePolicy.canEnter(actor, region.path)) {
        throw new Open311Failure(403, [
          t(
            locale,
            '该 API 令牌的所有者不能在此地区录入留言',
            'the owner of this api_key may not enter requests in this region',
          ),
        ]);
      }

      const where: string[] = [];
      if (address) where.push(address);
      if (lat !== null && long !== null) where.push(`${lat},${long}`);
      const content = where.length
        ? `${description}\n\n${t(locale, '位置', 'Location')}: ${where.join(' / ')}`
        : description;
      const token = randomBytes(12).toString('base64url');
      const stored = await intakePublic.storeMessage(
        caller,
        {
          type: code,
          topic: topic ?? serviceOf(locale, code).service_name,
          regionId: region.id,
          title: title ?? [...description].slice(0, 60).join(''),
          content,
          contactName: name,
          contactPhone: phone ?? undefined,
          publishable: publishableRaw === 'true',
        },
        [],
        {
          actor: actor ? { userId: actor.userId, name: actor.displayName } : null,
          after: async (trx, caseId) => {
            await trx
              .insertInto('intake_open311')
              .values({
                case_id: caseId,
                token,
                service_code: code,
                lat,
                long,
                address,
                address_id: addressId,
                ...extra,
              })
              .execute();
          },
        },
      );
      const factor = stored.pin
        ? t(locale, `查询密码 ${stored.pin}`, `PIN ${stored.pin}`)
        : t(locale, '联系电话后四位', 'the last four digits of the phone number');
      return [
        {
          service_request_id: String(stored.caseId),
          token,
          service_notice: t(
            locale,
            `已受理。查询码 ${stored.queryCode}，查询进度时另需${factor}。`,
            `Received. Query code ${stored.queryCode}; to see the status give it with ${factor}.`,
          ),
          account_id: extra.account_id,
        },
      ];
    },

    async list(locale: Locale, actor: Actor | null, query: Open311Query) {
      let q = requestSelect(actor);
      if (query.service_request_id) {
        // Overrides every other argument (spec).
        const ids = query.service_request_id
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (ids.length > 100 || ids.some((id) => !/^\d{1,9}$/.test(id)))
          throw new Open311Failure(400, [
            t(
              locale,
              'service_request_id 应为逗号分隔的编号',
              'service_request_id must be comma-separated ids',
            ),
          ]);
        q = q.where('intake_cases.id', 'in', ids.map(Number));
      } else {
        if (query.service_code) {
          const codes = query.service_code.split(',').map((s) => s.trim());
          if (codes.some((c) => !isMessageType(c)))
            throw new Open311Failure(400, [t(locale, 'service_code 不存在', 'unknown service_code')]);
          q = q.where('intake_cases.message_type', 'in', codes);
        }
        const start = dateParam(locale, 'start_date', query.start_date);
        const end = dateParam(locale, 'end_date', query.end_date);
        const from =
          start ??
          new Date(
            (end ? new Date(end).getTime() : now().getTime()) - DEFAULT_WINDOW_DAYS * 86_400_000,
          ).toISOString();
        q = q.where('intake_cases.created_at', '>=', from);
        if (end) q = q.where('intake_cases.created_at', '<=', end);
        if (query.status) {
          const wanted = new Set(query.status.split(',').map((s) => s.trim().toLowerCase()));
          if ([...wanted].some((s) => s !== 'open' && s !== 'closed'))
            throw new Open311Failure(400, [
              t(locale, 'status 只能为 open 或 closed', 'status must be open and/or closed'),
            ]);
          if (wanted.size === 1) {
            q = wanted.has('closed')
              ? q.where('intake_cases.state', 'in', CLOSED_STATES)
              : q.where('intake_cases.state', 'not in', CLOSED_STATES);
          }
        }
      }
      const rows = await q
        .orderBy('intake_cases.created_at', 'desc')
        .orderBy('intake_cases.id', 'desc')
        .limit(MAX_RESULTS)
        .execute();
      return rows.map((r) => present(locale, r, actor));
    },

    async one(locale: Locale, actor: Actor | null, id: string) {
      const rows = /^\d{1,9}$/.test(id)
        ? await requestSelect(actor).where('intake_cases.id', '=', Number(id)).execute()
        : [];
      const row = rows[0];
      if (!row) throw new Open311Failure(404, [t(locale, '请求不存在', 'service request not found')]);
      return [present(locale, row, actor)];
    },

    async token(locale: Locale, token: string) {
      const row =
        token.length <= 64
          ? await db
              .selectFrom('intake_open311')
              .select(['case_id', 'token'])
              .where('token', '=', token)
              .executeTakeFirst()
          : undefined;
      if (!row) throw new Open311Failure(404, [t(locale, '令牌不存在', 'token not found')]);
      return [{ service_request_id: String(row.case_id), token: row.token }];
    },
  };
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
