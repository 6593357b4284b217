import type { IntakeChannel, IntakeKind } from '@shouwang/common/intake/intake';
import type { Transaction } from 'kysely';
import { insertRows } from '../../platform/db/compiled-insert.ts';
import type { Database } from '../../platform/db/schema.ts';
import { bandKeys, bigrams, jaccard, SIMILAR_TEXT_THRESHOLD, urlKey } from './dedup.ts';
import { intakeRepository as repo } from './intake.repository.ts';
import { newPin, newQueryCode, queryCodeHash } from './query-code.ts';

export interface NewCase {
  kind: IntakeKind;
  channel: IntakeChannel;
  category: string | null;
  messageType: string | null;
  topic: string | null;
  region: { id: number; path: string };
  title: string;
  content: string;
  /** Normalised URLs (reports). */
  urls: string[];
  rawUrls: string[];
  targetApp: string | null;
  contactName: string | null;
  contactPhone: string | null;
  publishable: boolean;
  createdBy: number | null;
  actorName: string;
}

export interface StoredCase {
  id: number;
  queryCode: string;
  /** Set when the citizen gave no phone: the four digits to give with the code. */
  pin: string | null;
  createdAt: string;
  groupId: number;
  similar: { caseId: number; score: number }[];
}

/**
 * Writes a new case with its first timeline event and groups it in the same transaction: a case
 * reporting a URL already reported joins that case's group (same_url link); cases whose text is
 * near-identical are linked as suggestions (similar_text), which staff confirm or ignore.
 */
export async function storeCase(trx: Transaction<Database>, input: NewCase, at: string): Promise<StoredCase> {
  const queryCode = newQueryCode();
  const digits = input.contactPhone?.replace(/\D/g, '') ?? '';
  const pin = digits.length >= 4 ? null : newPin();
  const keys = input.urls.map(urlKey);
  const earlier = await repo.groupOfUrls(trx, keys);
  // A case reporting a known URL joins that case's group at insert; otherwise it starts its own (below).
  const joined = earlier ? (earlier.group_id ?? earlier.case_id) : null;
  const id = await repo.insert(trx, {
    kind: input.kind,
    channel: input.channel,
    query_code_hash: queryCodeHash(queryCode),
    second_factor: pin ? 'pin' : 'phone',
    factor_digits: pin ?? digits.slice(-4),
    category: input.category,
    message_type: input.messageType,
    topic: input.topic,
    region_id: input.region.id,
    region_path: input.region.path,
    title: input.title,
    content: input.content,
    urls: JSON.stringify(input.rawUrls),
    target_app: input.targetApp,
    contact_name: input.contactName,
    contact_phone: input.contactPhone,
    publishable: input.publishable ? 1 : 0,
    state: 'received',
    unit_id: null,
    group_id: joined,
    sign_due_at: null,
    handle_due_at: null,
    deadline_provisional: 0,
    dispatch_count: 0,
    reassign_count: 0,
    dispatched_at: null,
    signed_at: null,
    reply: null,
    replied_at: null,
    rating: null,
    rating_comment: null,
    rated_at: null,
    created_by: input.createdBy,
    created_at: at,
    updated_at: at,
    version: 1,
  });
  const groupId = joined ?? id;
  if (joined === null) await repo.startGroup(trx, id);
  if (input.urls.length > 0) {
    await insertRows(
      trx,
      'intake_urls',
      input.urls.map((u, i) => ({ case_id: id, url_key: keys[i] ?? urlKey(u), url_norm: u })),
    );
  }
  if (earlier) {
    await insertRows(trx, 'intake_links', [
      { case_id: id, other_case_id: earlier.case_id, reason: 'same_url', score: 100, created_at: at },
    ]);
  }

  const grams = bigrams(`${input.title}${input.content}`);
  const bands = bandKeys(grams);
  const similar = await similarCases(trx, grams, bands);
  const suggested = similar.slice(0, 5).filter((s) => s.caseId !== earlier?.case_id);
  if (suggested.length > 0) {
    await insertRows(
      trx,
      'intake_links',
      suggested.map((s) => ({
        case_id: id,
        other_case_id: s.caseId,
        reason: 'similar_text',
        score: s.score,
        created_at: at,
      })),
    );
  }
  if (bands.length > 0) {
    await insertRows(
      trx,
      'intake_band_keys',
      bands.map((band_key) => ({ band_key, case_id: id })),
    );
  }
  await repo.insertEvent(trx, {
    caseId: id,
    at,
    actor: { userId: input.createdBy, name: input.actorName },
    action: 'submit',
    fromState: null,
    toState: 'received',
    isPublic: true,
    data: { channel: input.channel },
  });
  return { id, queryCode, pin, createdAt: at, groupId, similar: suggested };
}

/**
 * Stored cases whose text is near-identical to `grams` (bigram Jaccard at or above SIMILAR_TEXT_THRESHOLD among up to
 * 20 cases sharing MIN_SHARED_BANDS MinHash bands), best first, scores in percent. The duplicate suggestion of a new case; the
 * intake-public benchmark times this same function.
 */
export async function similarCases(
  q: Parameters<typeof repo.bandCandidates>[0],
  grams: ReadonlySet<number>,
  bands: readonly number[],
): Promise<{ caseId: number; score: number }[]> {
  const similar: { caseId: number; score: number }[] = [];
  for (const candidate of await repo.bandCandidates(q, bands, 20)) {
    const score = jaccard(grams, bigrams(`${candidate.title}${candidate.content}`));
    if (score >= SIMILAR_TEXT_THRESHOLD)
      similar.push({ caseId: candidate.id, score: Math.round(score * 100) });
  }
  return similar.sort((a, b) => b.score - a.score);
}
