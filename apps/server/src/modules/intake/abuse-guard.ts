import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Per-client anti-abuse for the public pages, all in memory so a flood costs no database work:
 * a token bucket per client and purpose; past it, the client must solve a proof-of-work challenge
 * (find a nonce such that sha256(challenge + nonce) starts with `difficulty` zero bits). Challenges are
 * HMAC-signed with an expiry, their difficulty and the client, so the server verifies them without storing them;
 * only spent challenges are remembered (until they expire) so one solution cannot be replayed.
 */
export interface BucketLimits {
  /** Requests a client may make at once. */
  burst: number;
  /** Seconds to earn back one request. */
  refillSeconds: number;
}

export interface AbuseGuardOptions {
  limits: Record<GuardPurpose, BucketLimits>;
  /** Leading zero bits a solution needs at the first excess; grows by one per doubling of the excess. */
  difficulty: number;
  maxDifficulty: number;
  challengeTtlSeconds: number;
  /** Clients remembered at most (least recently seen forgotten first). */
  maxClients: number;
  secret?: Buffer;
}

export type GuardPurpose = 'submit' | 'lookup';

export const DEFAULT_GUARD_OPTIONS: AbuseGuardOptions = {
  limits: {
    submit: { burst: 5, refillSeconds: 120 },
    lookup: { burst: 20, refillSeconds: 15 },
  },
  difficulty: 16,
  maxDifficulty: 22,
  challengeTtlSeconds: 300,
  maxClients: 100_000,
};

export interface Challenge {
  challenge: string;
  difficulty: number;
  expiresAt: string;
}

export interface Solution {
  challenge: string;
  nonce: string;
}

export type GuardVerdict =
  | { ok: true }
  | { ok: false; challenge: Challenge; reason: 'limited' | 'bad_solution' };

interface Bucket {
  tokens: number;
  at: number;
  /** Requests refused since the bucket last had a token: raises the difficulty. */
  excess: number;
}

const b64 = (buf: Buffer) => buf.toString('base64url');

/** Number of leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Whether sha256(challenge + nonce) has at least `difficulty` leading zero bits. */
export function meetsDifficulty(challenge: string, nonce: string, difficulty: number): boolean {
  return (
    leadingZeroBits(
      createHash('sha256')
        .update(challenge + nonce)
        .digest(),
    ) >= difficulty
  );
}

/** What a client does: try nonces 0, 1, 2, … (used by tests and the reference client). */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (meetsDifficulty(challenge, nonce, difficulty)) return nonce;
  }
}

export function createAbuseGuard(now: () => Date, initial: AbuseGuardOptions = DEFAULT_GUARD_OPTIONS) {
  let options = initial;
  const secret = initial.secret ?? randomBytes(32);
  const buckets = new Map<string, Bucket>();
  const spent = new Map<string, number>();

  const clientTag = (client: string) =>
    createHmac('sha256', secret).update(`client:${client}`).digest().subarray(0, 9);

  function sign(body: string): string {
    return b64(createHmac('sha256', secret).update(body).digest());
  }

  function issue(client: string, difficulty: number): Challenge {
    const expires = Math.floor(now().getTime() / 1000) + options.challengeTtlSeconds;
    const body = `${expires}.${difficulty}.${b64(clientTag(client))}.${b64(randomBytes(9))}`;
    return {
      challenge: `${body}.${sign(body)}`,
      difficulty,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /**
   * The difficulty a client must solve after `excess` refusals: grows by one bit per doubling of the
   * excess, from the configured base, up to the maximum.
   */
  function difficultyFor(excess: number): number {
    return Math.min(options.maxDifficulty, options.difficulty + Math.floor(Math.log2(Math.max(1, excess))));
  }

  /**
   * A solution is good when signed by us, unexpired, for this client, not spent, and as hard as what the
   * client must solve now: the difficulty is part of the signed challenge, and a challenge issued before
   * the difficulty went up (more refusals since, or a higher base) no longer admits.
   */
  function verify(client: string, solution: Solution, required: number): boolean {
    const parts = solution.challenge.split('.');
    if (parts.length !== 5 || solution.nonce.length > 64) return false;
    const [expires, difficulty, tag, , mac] = parts;
    const body = parts.slice(0, 4).join('.');
    const expected = Buffer.from(sign(body));
    const given = Buffer.from(mac ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    const expiresAt = Number(expires);
    const nowSeconds = Math.floor(now().getTime() / 1000);
    if (!Number.isInteger(expiresAt) || expiresAt < nowSeconds) return false;
    if (tag !== b64(clientTag(client))) return false;
    const stated = Number(difficulty);
    if (!Number.isInteger(stated) || stated < required) return false;
    if (!meetsDifficulty(solution.challenge, solution.nonce, stated)) return false;
    if (spent.has(solution.challenge)) return false;
    spent.set(solution.challenge, expiresAt);
    sweepSpent(nowSeconds);
    return true;
  }

  function sweepSpent(nowSeconds: number): void {
    if (spent.size < 10_000) return;
    for (const [key, expiresAt] of spent) if (expiresAt < nowSeconds) spent.delete(key);
  }

  function bucketOf(key: string, limits: BucketLimits, at: number): Bucket {
    const existing = buckets.get(key);
    if (existing) {
      buckets.delete(key); // re-inserted below: the map's order is least recently seen first
      const earned = (at - existing.at) / (limits.refillSeconds * 1000);
      existing.tokens = Math.min(limits.burst, existing.tokens + earned);
      existing.at = at;
      buckets.set(key, existing);
      return existing;
    }
    const fresh = { tokens: limits.burst, at, excess: 0 };
    buckets.set(key, fresh);
    while (buckets.size > options.maxClients) {
      const oldest = buckets.keys().next();
      if (oldest.done) break;
      buckets.delete(oldest.value);
    }
    return fresh;
  }

  return {
    /**
     * Admits one request of `client` (its IP) for `purpose`: free while its bucket has tokens, else only
     * with a valid solution; a refusal carries a fresh challenge.
     */
    admit(client: string, purpose: GuardPurpose, solution: Solution | null): GuardVerdict {
      const at = now().getTime();
      const bucket = bucketOf(`${purpose}:${client}`, options.limits[purpose], at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        bucket.excess = 0;
        return { ok: true };
      }
      if (solution && verify(client, solution, difficultyFor(bucket.excess))) return { ok: true };
      bucket.excess += 1;
      return {
        ok: false,
        reason: solution ? 'bad_solution' : 'limited',
        challenge: issue(client, difficultyFor(bucket.excess)),
      };
    },
    /** Replaces the limits (tests; an office tuning its public page). */
    configure(next: Partial<AbuseGuardOptions>): void {
      options = { ...options, ...next };
    },
    clientCount: () => buckets.size,
  };
}

export type AbuseGuard = ReturnType<typeof createAbuseGuard>;
