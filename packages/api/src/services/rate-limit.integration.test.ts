import { randomBytes } from 'node:crypto';
import { createRedisConnection, type Redis } from '@roster/jobs';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackoff, createRateLimiter, type RateLimitStore } from './rate-limit.ts';

/** The limiter primitives on the real Redis (the attack suite tests the limits over HTTP). */
describe('rate limiters', () => {
  const services = testServices();
  let redis: Redis;
  let store: RateLimitStore;
  beforeAll(() => {
    redis = createRedisConnection(services.redisUrl, 'producer');
    store = {
      redis,
      keyPrefix: `${services.redisPrefix}:rl:${randomBytes(4).toString('hex')}`,
      timeoutMs: 5000,
    };
  });
  afterAll(() => redis.disconnect());

  it('a fixed window: consume, refund and reset; peek counts nothing', async () => {
    const limiter = createRateLimiter(store, { name: 'window', points: 2, durationSeconds: 3600 });
    const first = await limiter.consume('k');
    expect(first).toMatchObject({ allowed: true, limit: 2, remaining: 1 });
    expect(first.reset % 3600).toBe(0);
    expect(await limiter.peek('k')).toMatchObject({ allowed: true, remaining: 0 });
    const second = await limiter.consume('k');
    expect(second.remaining).toBe(0);
    expect((await limiter.consume('k')).allowed).toBe(false);

    await limiter.reset('k', second);
    await limiter.consume('k');
    const again = await limiter.consume('k');
    expect(again).toMatchObject({ allowed: true, remaining: 0 });
    await limiter.refund('k', again);
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('other')).remaining).toBe(1);
  });

  it('a back-off blocks after `after` consecutive failures, doubling up to the cap; success clears it', async () => {
    const backoff = createBackoff(store, { name: 'backoff', after: 2, baseSeconds: 100, maxSeconds: 350 });
    await backoff.failed('k');
    expect(await backoff.blockedFor('k')).toBe(0);
    const expected = [100, 200, 350, 350];
    for (const seconds of expected) {
      await backoff.failed('k');
      expect(await backoff.blockedFor('k')).toBe(seconds);
    }
    expect(await backoff.blockedFor('someone else')).toBe(0);
    await backoff.succeeded('k');
    expect(await backoff.blockedFor('k')).toBe(0);
    await backoff.failed('k');
    expect(await backoff.blockedFor('k')).toBe(0);
  });
});
