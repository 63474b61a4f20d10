import { type Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the window ends. */
  reset: number;
}

export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
  /** The decision `consume` would report, without counting a hit (for callers who are never limited). */
  peek(key: string): Promise<RateLimitDecision>;
}

/**
 * A fixed window aligned to multiples of `durationSeconds` since the epoch, like Appwrite's
 * abuse limiter (spec §13), counted in Redis through rate-limiter-flexible. When Redis is down the
 * limiter falls back to per-process memory rather than failing the request.
 */
export function createRateLimiter(options: {
  redis: Redis;
  points: number;
  durationSeconds: number;
  keyPrefix: string;
}): RateLimiter {
  const { points, durationSeconds } = options;
  const limiter = new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: options.keyPrefix,
    points,
    // Each window gets its own key; let it live a little past the window.
    duration: durationSeconds + 60,
    insuranceLimiter: new RateLimiterMemory({ points, duration: durationSeconds + 60 }),
  });
  const windowOf = () => {
    const windowStart = Math.floor(Date.now() / 1000 / durationSeconds) * durationSeconds;
    return { windowStart, reset: windowStart + durationSeconds };
  };
  return {
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
  };
}
