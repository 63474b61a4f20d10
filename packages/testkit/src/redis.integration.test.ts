import { describe, expect, it } from 'vitest';
import { pingRedis, resolveRedis, startRedisServer } from './redis.ts';

describe('redis resolution', () => {
  it('uses REDIS_URL when it answers and does not start or stop anything', async () => {
    const own = await startRedisServer(() => {});
    try {
      const resolved = await resolveRedis({ url: own.url });
      expect(resolved).toMatchObject({ url: own.url, started: false });
      await resolved.stop();
      expect(await pingRedis(own.url)).toBe(true);
    } finally {
      await own.stop();
    }
    expect(await pingRedis(own.url)).toBe(false);
  });

  it('fails with the variable named when REDIS_URL does not answer', async () => {
    await expect(resolveRedis({ url: 'redis://127.0.0.1:1' })).rejects.toThrow(
      'REDIS_URL=redis://127.0.0.1:1 does not answer PING',
    );
  });

  it('starts a throwaway redis-server on a free port', async () => {
    const redis = await startRedisServer(() => {});
    expect(redis.started).toBe(true);
    expect(await pingRedis(redis.url)).toBe(true);
    await redis.stop();
    expect(await pingRedis(redis.url)).toBe(false);
  });
});
