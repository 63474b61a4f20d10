import { getFreePort } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { createRedisConnection, pingRedisConnection, waitForRedisReady } from './redis.ts';

const services = testServices();

describe('waitForRedisReady', () => {
  it('resolves true once a producer connection is ready, after which it answers at once', async () => {
    const redis = createRedisConnection(services.redisUrl, 'producer');
    try {
      expect(await waitForRedisReady(redis, 5000)).toBe(true);
      await expect(pingRedisConnection(redis)).resolves.toBeUndefined();
      expect(await waitForRedisReady(redis, 1)).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('resolves false after the timeout when nothing listens, and stops listening for ready', async () => {
    const redis = createRedisConnection(`redis://127.0.0.1:${await getFreePort()}`, 'producer');
    try {
      const started = Date.now();
      expect(await waitForRedisReady(redis, 300)).toBe(false);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(redis.listenerCount('ready')).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
