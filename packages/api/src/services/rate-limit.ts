import { type Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** What is left once this call is counted. */
  remaining: number;
  /** Unix seconds when the window ends. */
  reset: number;
}

export interface RateLimiter {
  readonly limit: number;
  consume(key: string): Promise<RateLimitDecision>;
  /** The decision `consume` would report, without counting a hit (for callers who are never limited). */
  peek(key: string): Promise<RateLimitDecision>;
  /** How many units are left in the current window (a bulk dry run reports rows past them). */
  available(key: string): Promise<number>;
  /** Gives back the unit that the `consume` which returned `decision` took. */
  refund(key: string, decision: RateLimitDecision): Promise<void>;
  /** Forgets everything counted in `decision`'s window (a success clears the failures before it). */
  reset(key: string, decision: RateLimitDecision): Promise<void>;
}

/** Consecutive failures of one key, each past `after` blocking it twice as long as the one before. */
export interface Backoff {
  /** Failures allowed before the first block. */
  readonly after: number;
  /** Seconds the key must still wait; 0 when it may try. */
  blockedFor(key: string): Promise<number>;
  failed(key: string): Promise<void>;
  succeeded(key: string): Promise<void>;
}

/** Where the counts live: Redis, with per-process memory when Redis is down or slower than `timeoutMs`. */
export interface RateLimitStore {
  redis: Redis;
  keyPrefix: string;
  timeoutMs: number;
}

/**
 * A Redis limiter that never keeps a request waiting on Redis: a call that Redis has not answered
 * within `timeoutMs` (Redis down, or connected but hung) is answered by an in-memory limiter
 * instead, as is any Redis error. Limits then hold per process rather than across processes.
 */
function insuredLimiter(store: RateLimitStore, name: string, points: number, durationSeconds: number) {
  const insurance = new RateLimiterMemory({ points, duration: durationSeconds });
  const redis = new RateLimiterRedis({
    storeClient: store.redis,
    keyPrefix: `${store.keyPrefix}:${name}`,
    points,
    duration: durationSeconds,
    insuranceLimiter: insurance,
    rejectIfRedisNotReady: true,
  });
  return new RLWrapperTimeouts({ limiter: redis, insuranceLimiter: insurance, timeoutMs: store.timeoutMs });
}

/**
 * A fixed window aligned to multiples of `durationSeconds` since the epoch, like Appwrite's
 * abuse limiter (docs/appwrite-compatibility.md#rate-limits), counted in Redis through rate-limiter-flexible.
 */
export function createRateLimiter(
  store: RateLimitStore,
  options: { name: string; points: number; durationSeconds: number },
): RateLimiter {
  const { points, durationSeconds } = options;
  // Each window gets its own key; let it live a little past the window.
  const limiter: RateLimiterAbstract = insuredLimiter(store, options.name, points, durationSeconds + 60);
  const windowOf = (now = Date.now()) => {
    const windowStart = Math.floor(now / 1000 / durationSeconds) * durationSeconds;
    return { windowStart, reset: windowStart + durationSeconds };
  };
  const windowKey = (key: string, decision: RateLimitDecision) =>
    `${key}:${decision.reset - durationSeconds}`;
  return {
    limit: points,
    async consume(key) {
      const { windowStart, reset } = windowOf();
      try {
        const result = await limiter.consume(`${key}:${windowStart}`);
        return { allowed: true, limit: points, remaining: Math.max(0, result.remainingPoints), reset };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes)
          return { allowed: false, limit: points, remaining: 0, reset };
        throw rejection;
      }
    },
    async peek(key) {
      const { windowStart, reset } = windowOf();
      const current = await limiter.get(`${key}:${windowStart}`);
      // As Appwrite counts it: what would remain once this call were counted.
      const remaining = Math.max(0, points - (current?.consumedPoints ?? 0) - 1);
      return { allowed: true, limit: points, remaining, reset };
    },
    async available(key) {
      const current = await limiter.get(`${key}:${windowOf().windowStart}`);
      return Math.max(0, points - (current?.consumedPoints ?? 0));
    },
    async refund(key, decision) {
      await limiter.reward(windowKey(key, decision), 1);
    },
    async reset(key, decision) {
      await limiter.delete(windowKey(key, decision));
    },
  };
}

/** Failures are remembered for a day after the first; a block never exceeds `maxSeconds`. */
export function createBackoff(
  store: RateLimitStore,
  options: { name: string; after: number; baseSeconds: number; maxSeconds?: number },
): Backoff {
  const { after, baseSeconds, maxSeconds = 86_400 } = options;
  const failures = insuredLimiter(store, `${options.name}:failures`, Number.MAX_SAFE_INTEGER, 86_400);
  const blocks = insuredLimiter(store, `${options.name}:blocks`, 1, 1);
  return {
    after,
    async blockedFor(key) {
      const block = await blocks.get(key);
      return block && block.consumedPoints > 1 ? Math.ceil(block.msBeforeNext / 1000) : 0;
    },
    async failed(key) {
      const { consumedPoints } = await failures.consume(key);
      if (consumedPoints < after) return;
      const seconds = Math.min(maxSeconds, baseSeconds * 2 ** Math.min(consumedPoints - after, 30));
      await blocks.block(key, seconds);
    },
    async succeeded(key) {
      await Promise.all([failures.delete(key), blocks.delete(key)]);
    },
  };
}

/** Every limit Roster applies (README, Security), each configurable through the environment. */
export interface RateLimitSettings {
  /**
   * Invitations per caller, team and client address per `inviteWindowSeconds` (`ROSTER_INVITE_RATE_LIMIT`).
   */
  invitesPerWindow: number;
  inviteWindowSeconds: number;
  /** Invitations from one client address per `inviteWindowSeconds`, all callers together. */
  invitesPerAddress: number;
  /** Invitations per user per UTC day, all teams and addresses together. */
  invitesPerUserPerDay: number;
  /** Failed sign-ins per account per hour; a success clears them (Appwrite: 10 per email). */
  signInFailuresPerAccount: number;
  /** Failed sign-ins per client address per UTC day. */
  signInFailuresPerAddress: number;
  /** Consecutive failures of one account from one address before it must wait. */
  signInBackoffAfter: number;
  /** The first wait; each further failure doubles it, up to a day. */
  signInBackoffSeconds: number;
  /** Sign-ups per client address per hour (Appwrite: 10). */
  signUpsPerAddress: number;
  /** Password changes per user per hour, and per client address per hour (Appwrite: 10 per address). */
  passwordChanges: number;
  /** Failed invitation accepts per client address per hour (secret guessing). */
  acceptFailuresPerAddress: number;
  /** Replays per webhook per hour: each may queue up to 10,000 deliveries to someone's URL. */
  webhookReplaysPerHour: number;
  /** `account.createJWT` per user per minute (Appwrite: 120). */
  jwtsPerMinute: number;
  /** `account.createMfaChallenge` per user per hour (Appwrite: 10; each may send an email). */
  mfaChallengesPerHour: number;
  /** Magic URL emails per hour, per address asked for and per client address (Appwrite: 60 each). */
  magicUrlTokensPerHour: number;
  /** Email code emails per hour, per address asked for and per client address (Appwrite: 10 each). */
  emailTokensPerHour: number;
  /**
   * Verification and recovery emails per hour: per user (verification), per address and per
   * client address (recovery). Appwrite: 10.
   */
  accountEmailsPerHour?: number;
  /** Verification and recovery secrets checked per user per hour (Appwrite: 10). */
  accountSecretChecksPerHour?: number;
  /** OAuth2 redirects and callbacks per address and hour (Appwrite: 50). */
  oauth2PerAddress?: number;
}

export const DEFAULT_RATE_LIMIT_SETTINGS: RateLimitSettings = {
  invitesPerWindow: 10,
  inviteWindowSeconds: 3600,
  invitesPerAddress: 50,
  invitesPerUserPerDay: 50,
  signInFailuresPerAccount: 10,
  signInFailuresPerAddress: 100,
  signInBackoffAfter: 5,
  signInBackoffSeconds: 60,
  signUpsPerAddress: 10,
  passwordChanges: 10,
  acceptFailuresPerAddress: 10,
  webhookReplaysPerHour: 20,
  jwtsPerMinute: 120,
  mfaChallengesPerHour: 10,
  magicUrlTokensPerHour: 60,
  emailTokensPerHour: 10,
};

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** The limiters of `ApiDeps.rateLimits`, grouped by what they protect. */
export interface RateLimits {
  invitations: { perCallerTeamAddress: RateLimiter; perAddress: RateLimiter; perUserPerDay: RateLimiter };
  signIn: { perAccount: RateLimiter; perAddress: RateLimiter; backoff: Backoff };
  signUp: RateLimiter;
  passwordChange: RateLimiter;
  accept: RateLimiter;
  webhookReplay: RateLimiter;
  jwt: RateLimiter;
  mfaChallenge: RateLimiter;
  /** The mailed sign-ins (each may create an account and sends an email). */
  mailedTokens: {
    magicUrl: { perEmail: RateLimiter; perAddress: RateLimiter };
    email: { perEmail: RateLimiter; perAddress: RateLimiter };
  };
  accountEmail: RateLimiter;
  accountSecret: RateLimiter;
  /** OAuth2 sign-in: redirects to the provider and callbacks (each may create an account), per address. */
  oauth2: RateLimiter;
}

export function createRateLimits(store: RateLimitStore, settings: RateLimitSettings): RateLimits {
  const limiter = (name: string, points: number, durationSeconds: number) =>
    createRateLimiter(store, { name, points, durationSeconds });
  return {
    invitations: {
      perCallerTeamAddress: limiter('invite', settings.invitesPerWindow, settings.inviteWindowSeconds),
      perAddress: limiter('invite-address', settings.invitesPerAddress, settings.inviteWindowSeconds),
      perUserPerDay: limiter('invite-user-day', settings.invitesPerUserPerDay, DAY),
    },
    signIn: {
      perAccount: limiter('signin-account', settings.signInFailuresPerAccount, HOUR),
      perAddress: limiter('signin-address', settings.signInFailuresPerAddress, DAY),
      backoff: createBackoff(store, {
        name: 'signin-backoff',
        after: settings.signInBackoffAfter,
        baseSeconds: settings.signInBackoffSeconds,
      }),
    },
    signUp: limiter('signup', settings.signUpsPerAddress, HOUR),
    passwordChange: limiter('password', settings.passwordChanges, HOUR),
    accept: limiter('accept', settings.acceptFailuresPerAddress, HOUR),
    webhookReplay: limiter('webhook-replay', settings.webhookReplaysPerHour, HOUR),
    jwt: limiter('jwt', settings.jwtsPerMinute, MINUTE),
    mfaChallenge: limiter('mfa-challenge', settings.mfaChallengesPerHour, HOUR),
    mailedTokens: {
      magicUrl: {
        perEmail: limiter('magic-url-email', settings.magicUrlTokensPerHour, HOUR),
        perAddress: limiter('magic-url-address', settings.magicUrlTokensPerHour, HOUR),
      },
      email: {
        perEmail: limiter('email-token-email', settings.emailTokensPerHour, HOUR),
        perAddress: limiter('email-token-address', settings.emailTokensPerHour, HOUR),
      },
    },
    accountEmail: limiter('account-email', settings.accountEmailsPerHour ?? 10, HOUR),
    accountSecret: limiter('account-secret', settings.accountSecretChecksPerHour ?? 10, HOUR),
    oauth2: limiter('oauth2', settings.oauth2PerAddress ?? 50, HOUR),
  };
}
