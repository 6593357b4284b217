import { describe, expect, it } from 'vitest';
import { type Challenge, createAbuseGuard, type GuardVerdict, solveChallenge } from './abuse-guard.ts';

const at = new Date('2026-11-23T08:00:00Z');

function guardWithBurst(burst: number) {
  return createAbuseGuard(() => at, {
    limits: { submit: { burst, refillSeconds: 3600 }, lookup: { burst, refillSeconds: 3600 } },
    difficulty: 4,
    maxDifficulty: 8,
    challengeTtlSeconds: 300,
    maxClients: 100,
  });
}

function challengeOf(verdict: GuardVerdict): Challenge {
  if (verdict.ok) throw new Error('expected a refusal');
  return verdict.challenge;
}

function solved(c: Challenge) {
  return { challenge: c.challenge, nonce: solveChallenge(c.challenge, c.difficulty) };
}

describe('abuse guard proof of work', () => {
  it('raises the difficulty with the refusals and accepts a solution of the latest challenge', () => {
    const guard = guardWithBurst(1);
    expect(guard.admit('198.51.100.1', 'submit', null).ok).toBe(true);
    const first = challengeOf(guard.admit('198.51.100.1', 'submit', null));
    const second = challengeOf(guard.admit('198.51.100.1', 'submit', null));
    const fourth = [3, 4].map(() => challengeOf(guard.admit('198.51.100.1', 'submit', null)))[1];
    expect([first.difficulty, second.difficulty, fourth?.difficulty]).toEqual([4, 5, 6]);
    if (!fourth) throw new Error('no fourth challenge');
    expect(guard.admit('198.51.100.1', 'submit', solved(fourth)).ok).toBe(true);
  });

  it('refuses an earlier, easier challenge once the difficulty went up', () => {
    const guard = guardWithBurst(0);
    const easy = challengeOf(guard.admit('198.51.100.2', 'submit', null));
    expect(easy.difficulty).toBe(4);
    const easySolution = solved(easy);
    // The client keeps asking without solving: the difficulty it must solve rises to 5, then 6.
    challengeOf(guard.admit('198.51.100.2', 'submit', null));
    challengeOf(guard.admit('198.51.100.2', 'submit', null));
    const hard = challengeOf(guard.admit('198.51.100.2', 'submit', null));
    expect(hard.difficulty).toBe(6);

    const verdict = guard.admit('198.51.100.2', 'submit', easySolution);
    expect(verdict).toMatchObject({ ok: false, reason: 'bad_solution' });
    expect(challengeOf(verdict).difficulty).toBe(6);
    // The refused easy solution was not spent on the way, and the hard one still admits.
    expect(guard.admit('198.51.100.2', 'submit', solved(hard)).ok).toBe(true);
  });

  it('refuses a challenge issued before the office raised the base difficulty', () => {
    const guard = guardWithBurst(0);
    const before = challengeOf(guard.admit('198.51.100.3', 'submit', null));
    const solution = solved(before);
    guard.configure({ difficulty: 6 });
    expect(guard.admit('198.51.100.3', 'submit', solution)).toMatchObject({ ok: false });
    const after = challengeOf(guard.admit('198.51.100.3', 'submit', null));
    expect(after.difficulty).toBeGreaterThanOrEqual(6);
    expect(guard.admit('198.51.100.3', 'submit', solved(after)).ok).toBe(true);
  });

  it('refuses a challenge whose stated difficulty was edited', () => {
    const guard = guardWithBurst(0);
    const c = challengeOf(guard.admit('198.51.100.4', 'submit', null));
    const parts = c.challenge.split('.');
    parts[1] = '0';
    const forged = parts.join('.');
    expect(guard.admit('198.51.100.4', 'submit', { challenge: forged, nonce: '0' }).ok).toBe(false);
  });
});
