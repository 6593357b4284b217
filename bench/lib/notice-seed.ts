// Seeds a jurisdiction and a large notice history for the notice benchmark: a city with counties and
// towns, 500 units, two office administrators (city, one county) and N notices over ~2 years with
// realistic states, severities, deadlines and timestamps. Rows go in with one prepared statement per
// row inside large transactions on SQLite, and as unnest() batches of column arrays on PostgreSQL.
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../apps/server/src/platform/db/database.ts';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const HISTORY_DAYS = 730;
/** Deadlines that passed within this window are left unmarked: the backlog a first sweep catches up on. */
export const UNMARKED_OVERDUE_MS = 7 * DAY;

export interface Jurisdiction {
  cityId: number;
  cityPath: string;
  countyId: number;
  countyPath: string;
  cityAdminId: number;
  countyAdminId: number;
  analystId: number;
  unitIds: number[];
  /** A unit of the measured county, for the unit filter. */
  countyUnitId: number;
  regions: number;
}

interface UnitPlace {
  id: number;
  path: string;
  officeId: number;
  officeName: string;
  name: string;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so both databases get the same history. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T extends string>(r: number, weights: ReadonlyArray<readonly [T, number]>): T {
  let acc = 0;
  for (const [value, w] of weights) {
    acc += w;
    if (r < acc) return value;
  }
  const last = weights[weights.length - 1];
  if (!last) throw new Error('no weights');
  return last[0];
}

const COUNTIES = [
  '上城区',
  '拱墅区',
  '西湖区',
  '滨江区',
  '萧山区',
  '余杭区',
  '临平区',
  '钱塘区',
  '富阳区',
  '临安区',
  '桐庐县',
  '淳安县',
];
const UNIT_KINDS = ['government', 'government', 'government', 'school', 'hospital', 'enterprise', 'media'];

/** The region tree (city → 12 counties → 5 towns each), 500 units, and the users the benchmark acts as. */
export async function seedJurisdiction(
  handle: DatabaseHandle,
  nowIso: string,
): Promise<{
  jurisdiction: Jurisdiction;
  places: UnitPlace[];
}> {
  return handle.db.transaction().execute(async (db) => {
    const addRegion = async (parent: { id: number; path: string } | null, name: string, level: string) => {
      const row = await db
        .insertInto('regions')
        .values({
          parent_id: parent?.id ?? null,
          name,
          code: null,
          level,
          path: '/',
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const path = `${parent?.path ?? '/'}${row.id}/`;
      await db.updateTable('regions').set({ path }).where('id', '=', row.id).execute();
      return { id: row.id, path, name };
    };
    const places: UnitPlace[] = [];
    const user = async (username: string, role: string, regionId: number) => {
      const row = await db
        .insertInto('users')
        .values({
          username,
          display_name: username,
          email: null,
          phone: null,
          role,
          region_id: regionId,
          unit_id: null,
          // Never signed in with a password: the benchmark opens sessions directly.
          password_hash: 'bench-no-password',
          password_changed_at: nowIso,
          must_change_password: 0,
          totp_secret: null,
          totp_enabled: 0,
          totp_last_step: null,
          failed_logins: 0,
          locked_at: null,
          disabled: 0,
          locale: null,
          last_login_at: null,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };

    const city = await addRegion(null, '杭州市', 'city');
    const counties = [];
    const towns: Array<{ id: number; path: string; county: { id: number; name: string } }> = [];
    for (const name of COUNTIES) {
      const county = await addRegion(city, name, 'county');
      counties.push(county);
      for (let t = 1; t <= 5; t++) {
        const town = await addRegion(county, `${name.slice(0, 2)}第${t}街道`, 'town');
        towns.push({ ...town, county });
      }
    }
    const rnd = random(7);
    const unitIds: number[] = [];
    for (let i = 0; i < 500; i++) {
      // A tenth of the units belong to the city, the rest to counties and their towns.
      const r = rnd();
      const town = towns[Math.floor(rnd() * towns.length)];
      const county = counties[Math.floor(rnd() * counties.length)];
      if (!town || !county) throw new Error('empty region tree');
      const place =
        r < 0.1
          ? { id: city.id, path: city.path, officeId: city.id, officeName: city.name }
          : r < 0.55
            ? { id: county.id, path: county.path, officeId: county.id, officeName: county.name }
            : { id: town.id, path: town.path, officeId: town.county.id, officeName: town.county.name };
      const name = `${place.officeName}第${i + 1}${['局', '中心', '学校', '医院', '公司'][i % 5]}`;
      const row = await db
        .insertInto('units')
        .values({
          region_id: place.id,
          name,
          credit_code: null,
          kind: UNIT_KINDS[i % UNIT_KINDS.length] ?? 'government',
          contact_name: '联系人',
          contact_phone: '13800000000',
          contact_email: null,
          leader_name: null,
          is_cii: i % 17 === 0 ? 1 : 0,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.push(row.id);
      places.push({
        id: row.id,
        path: place.path,
        officeId: place.officeId,
        officeName: place.officeName,
        name,
      });
    }
    const county = counties[0];
    if (!county) throw new Error('no county');
    const countyUnit = places.find((p) => p.officeId === county.id);
    if (!countyUnit) throw new Error('the measured county has no unit');
    return {
      places,
      jurisdiction: {
        cityId: city.id,
        cityPath: city.path,
        countyId: county.id,
        countyPath: county.path,
        cityAdminId: await user('bench.city', 'office_admin', city.id),
        countyAdminId: await user('bench.county', 'office_admin', county.id),
        analystId: await user('bench.analyst', 'analyst', city.id),
        unitIds,
        countyUnitId: countyUnit.id,
        regions: 1 + counties.length + towns.length,
      },
    };
  });
}

const COLUMNS = [
  ['office_region_id', 'int'],
  ['doc_year', 'int'],
  ['doc_seq', 'int'],
  ['doc_number', 'text'],
  ['unit_id', 'int'],
  ['asset_id', 'int'],
  ['region_path', 'text'],
  ['category', 'text'],
  ['severity', 'text'],
  ['title', 'text'],
  ['description', 'text'],
  ['required_actions', 'text'],
  ['tlp', 'text'],
  ['state', 'text'],
  ['source', 'text'],
  ['requires_leader_approval', 'int'],
  ['sign_due_at', 'text'],
  ['rectify_due_at', 'text'],
  ['deadline_provisional', 'int'],
  ['deadline_reason', 'text'],
  ['overdue', 'int'],
  ['overdue_since', 'text'],
  ['supervision_level', 'int'],
  ['last_reminder_at', 'text'],
  ['return_count', 'int'],
  ['reopen_count', 'int'],
  ['signed_on_time', 'int'],
  ['rectified_on_time', 'int'],
  ['created_by', 'int'],
  ['issued_at', 'text'],
  ['signed_at', 'text'],
  ['reported_at', 'text'],
  ['closed_at', 'text'],
  ['version', 'int'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
] as const;

type NoticeValues = Array<string | number | null>;

const CATEGORIES = [
  ['vulnerability', 0.34],
  ['weak_password', 0.12],
  ['certificate', 0.12],
  ['availability', 0.14],
  ['hidden_links', 0.06],
  ['sensitive_content', 0.06],
  ['defacement', 0.02],
  ['data_leak', 0.04],
  ['malware', 0.03],
  ['other', 0.07],
] as const;
const TITLES: Record<string, string> = {
  vulnerability: '网站存在高危漏洞',
  weak_password: '管理后台存在弱口令',
  certificate: 'HTTPS证书即将过期',
  availability: '网站无法访问',
  hidden_links: '网页存在暗链',
  sensitive_content: '网页出现敏感信息',
  defacement: '首页被篡改',
  data_leak: '疑似数据泄露',
  malware: '主机感染恶意程序',
  other: '其他网络安全问题',
};
const SEVERITY = [
  ['I', 0.03],
  ['II', 0.15],
  ['III', 0.47],
  ['IV', 0.35],
] as const;
/** Sign and rectify windows per severity in natural hours (the policy's working durations, roughly). */
const WINDOWS: Record<string, { sign: number; rectify: number }> = {
  I: { sign: 2, rectify: 24 },
  II: { sign: 4, rectify: 96 },
  III: { sign: 24, rectify: 168 },
  IV: { sign: 24, rectify: 336 },
};
const RECENT_STATES = [
  ['draft', 0.05],
  ['issued', 0.08],
  ['signed', 0.08],
  ['rectifying', 0.25],
  ['awaiting_approval', 0.03],
  ['reported', 0.1],
  ['verifying', 0.05],
  ['returned', 0.04],
  ['closed', 0.3],
  ['withdrawn', 0.02],
] as const;
const OLD_STATES = [
  ['closed', 0.965],
  ['withdrawn', 0.01],
  ['rectifying', 0.015],
  ['returned', 0.01],
] as const;
const SIGNED_STATES = new Set([
  'signed',
  'rectifying',
  'awaiting_approval',
  'reported',
  'verifying',
  'returned',
  'closed',
]);
const REPORTED_STATES = new Set(['reported', 'verifying', 'closed']);

const iso = (ms: number) => new Date(ms).toISOString();

/** Generates notice rows in id order (created_at rising over ~2 years up to `nowMs`). */
export function* noticeRows(count: number, places: UnitPlace[], creatorId: number, nowMs: number) {
  const rnd = random(42);
  const docSeq = new Map<string, number>();
  const start = nowMs - HISTORY_DAYS * DAY;
  for (let i = 0; i < count; i++) {
    const createdMs = Math.floor(start + ((i + rnd()) / count) * HISTORY_DAYS * DAY);
    // Skewed: a few units get many notices (big portals), most get a few.
    const place = places[Math.floor(rnd() ** 2 * places.length)] ?? places[0];
    if (!place) throw new Error('no units');
    const severity = pickWeighted(rnd(), SEVERITY);
    const category = pickWeighted(rnd(), CATEGORIES);
    const ageDays = (nowMs - createdMs) / DAY;
    const state = pickWeighted(rnd(), ageDays > 45 ? OLD_STATES : RECENT_STATES);
    const w = WINDOWS[severity] ?? { sign: 24, rectify: 168 };
    const issuedMs = state === 'draft' ? null : Math.min(createdMs + rnd() * 2 * HOUR, nowMs);
    const withdrawnEarly = state === 'withdrawn';
    const signDue = issuedMs === null ? null : issuedMs + w.sign * HOUR;
    const rectifyDue =
      issuedMs === null || withdrawnEarly ? null : issuedMs + w.rectify * HOUR * (rnd() < 0.05 ? 2 : 1);
    const signedLate = rnd() < 0.08;
    const signedMs =
      issuedMs !== null && signDue !== null && SIGNED_STATES.has(state)
        ? Math.min(signedLate ? signDue + rnd() * 6 * HOUR : issuedMs + rnd() * (signDue - issuedMs), nowMs)
        : null;
    const reportedLate = rnd() < 0.12;
    const reportedMs =
      signedMs !== null && rectifyDue !== null && REPORTED_STATES.has(state)
        ? Math.min(
            reportedLate ? rectifyDue + rnd() * 3 * DAY : signedMs + rnd() * (rectifyDue - signedMs),
            nowMs,
          )
        : null;
    const closedMs =
      state === 'closed' && reportedMs !== null ? Math.min(reportedMs + rnd() * 2 * DAY, nowMs) : null;
    const returnCount = state === 'returned' || (state === 'closed' && rnd() < 0.1) ? 1 : 0;

    // The deadline running now (sign while issued, rectify while the unit owes work), and whether the
    // sweep already marked it: deadlines that passed in the last week are the sweep's catch-up backlog.
    const running =
      state === 'issued'
        ? signDue
        : ['signed', 'rectifying', 'awaiting_approval', 'returned'].includes(state)
          ? rectifyDue
          : null;
    const passed = running !== null && running < nowMs;
    const marked = passed && running !== null && running < nowMs - UNMARKED_OVERDUE_MS;
    const overdueDays = marked && running !== null ? (nowMs - running) / DAY : 0;
    const supervision = marked ? (overdueDays > 3 ? 3 : overdueDays > 1 ? 2 : 1) : 0;

    let docNumber: string | null = null;
    let docYear: number | null = null;
    let seq: number | null = null;
    if (issuedMs !== null) {
      docYear = new Date(issuedMs + 8 * HOUR).getUTCFullYear();
      const key = `${place.officeId}:${docYear}`;
      seq = (docSeq.get(key) ?? 0) + 1;
      docSeq.set(key, seq);
      docNumber = `${place.officeName}网信通〔${docYear}〕${seq}号`;
    }
    const last = Math.max(createdMs, issuedMs ?? 0, signedMs ?? 0, reportedMs ?? 0, closedMs ?? 0);
    const values: NoticeValues = [
      place.officeId,
      docYear,
      seq,
      docNumber,
      place.id,
      null,
      place.path,
      category,
      severity,
      `${place.name}${TITLES[category] ?? '网络安全问题'}`,
      '经监测发现该问题，请按要求整改。',
      '立即整改，并于期限内反馈整改情况。',
      rnd() < 0.9 ? 'AMBER' : 'GREEN',
      state,
      rnd() < 0.6 ? 'finding' : 'manual',
      rnd() < 0.1 ? 1 : 0,
      signDue === null ? null : iso(signDue),
      rectifyDue === null ? null : iso(rectifyDue),
      0,
      null,
      marked ? 1 : 0,
      marked && running !== null ? iso(running) : null,
      supervision,
      null,
      returnCount,
      0,
      signedMs === null || signDue === null ? null : signedMs <= signDue ? 1 : 0,
      closedMs === null || reportedMs === null || rectifyDue === null
        ? null
        : reportedMs <= rectifyDue
          ? 1
          : 0,
      creatorId,
      issuedMs === null ? null : iso(issuedMs),
      signedMs === null ? null : iso(signedMs),
      reportedMs === null ? null : iso(reportedMs),
      closedMs === null ? null : iso(closedMs),
      1 +
        (issuedMs ? 1 : 0) +
        (signedMs ? 1 : 0) +
        (reportedMs ? 1 : 0) +
        (closedMs ? 1 : 0) +
        returnCount * 2,
      iso(createdMs),
      iso(last),
    ];
    yield values;
  }
}

/** Writes the rows: SQLite one prepared INSERT per row, `batch` rows per transaction; PostgreSQL unnest() batches. */
export async function insertNotices(
  handle: DatabaseHandle,
  rows: Iterable<NoticeValues>,
  batch: number,
  onProgress: (written: number) => void,
): Promise<number> {
  const names = COLUMNS.map(([name]) => name);
  let written = 0;
  if (handle.sqlite) {
    const sqlite = handle.sqlite;
    const insert = sqlite.prepare(
      `insert into notices (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`,
    );
    const writeBatch = sqlite.transaction((items: NoticeValues[]) => {
      for (const item of items) insert.run(item);
    });
    let pending: NoticeValues[] = [];
    for (const row of rows) {
      pending.push(row);
      if (pending.length === batch) {
        writeBatch(pending);
        written += pending.length;
        pending = [];
        onProgress(written);
      }
    }
    if (pending.length) writeBatch(pending);
    return written + pending.length;
  }
  const { db } = handle;
  const flush = async (items: NoticeValues[]) => {
    const arrays = COLUMNS.map(([, type], c) => {
      const values = items.map((item) => item[c] ?? null);
      return sql`${values}::${sql.raw(type === 'int' ? 'integer[]' : 'text[]')}`;
    });
    await db
      .transaction()
      .execute((trx) =>
        sql`insert into notices (${sql.raw(names.join(', '))}) select * from unnest(${sql.join(arrays)})`.execute(
          trx,
        ),
      );
  };
  let pending: NoticeValues[] = [];
  for (const row of rows) {
    pending.push(row);
    if (pending.length === batch) {
      await flush(pending);
      written += pending.length;
      pending = [];
      onProgress(written);
    }
  }
  if (pending.length) await flush(pending);
  written += pending.length;
  await sql`analyze notices`.execute(db);
  return written;
}
