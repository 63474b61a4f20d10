import { Redis, type RedisOptions } from 'ioredis';

/**
 * Two kinds of Redis connection, as BullMQ's production guide prescribes:
 * - `producer` (HTTP process): fails fast when Redis is down, so an API call never hangs on it;
 * - `worker`: waits and retries forever (`maxRetriesPerRequest: null`), as BullMQ workers require.
 */
export type RedisRole = 'producer' | 'worker';

export function createRedisConnection(url: string, role: RedisRole, options: RedisOptions = {}): Redis {
  const roleOptions: RedisOptions =
    role === 'producer'
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 }
      : { maxRetriesPerRequest: null, enableReadyCheck: false };
  const redis = new Redis(url, {
    lazyConnect: false,
    // Reconnect with a capped backoff: 50 ms, 100 ms, … up to 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 50, 2000),
    ...roleOptions,
    ...options,
  });
  // Without a listener, ioredis reports connection errors as unhandled; /health shows the state.
  redis.on('error', () => {});
  return redis;
}

/**
 * Resolves true once the connection is ready, false after `timeoutMs` (it keeps retrying in the
 * background). Lets a process start serving with Redis connected rather than a moment before.
 */
export async function waitForRedisReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

export async function pingRedisConnection(redis: Redis): Promise<void> {
  await redis.ping();
}

export type { Redis };
