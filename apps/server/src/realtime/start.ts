import { type Server } from 'node:http';
import { createRedisConnection } from '@roster/jobs';
import { type Express } from 'express';
import { type Config } from '../config.ts';
import { type Infrastructure } from '../infrastructure.ts';
import { redactUrl, type Logger } from '../logger.ts';
import { attachRealtime, type Realtime } from './realtime-server.ts';

/**
 * The realtime endpoint of an API process, fed by the Redis pub/sub channel every process
 * listens on (docs/events.md#realtime). The subscriber is a connection of its own (a subscribed
 * Redis connection can do nothing else) that reconnects and re-subscribes by itself.
 */
export function startRealtime(
  server: Server,
  {
    app,
    config,
    infrastructure,
    logger,
  }: { app: Express; config: Config; infrastructure: Infrastructure; logger: Logger },
): Realtime {
  const realtime = attachRealtime(server, {
    api: infrastructure.apiDeps,
    app,
    logger,
    settings: {
      connectsPerMinute: config.ROSTER_REALTIME_CONNECT_LIMIT,
      messagesPerMinute: config.ROSTER_REALTIME_MESSAGE_LIMIT,
      idleTimeoutMs: config.ROSTER_REALTIME_IDLE_TIMEOUT_MS,
      maxConnections: config.ROSTER_REALTIME_MAX_CONNECTIONS,
    },
  });
  const subscriber = createRedisConnection(config.REDIS_URL, 'worker');
  // Not awaited: with Redis down the process serves anyway, and listens once Redis is back.
  realtime.listen(subscriber, config.ROSTER_QUEUE_PREFIX).catch((error: unknown) => {
    logger.error({ err: error, redis: redactUrl(config.REDIS_URL) }, 'realtime: cannot listen for events');
  });
  return {
    ...realtime,
    async close() {
      await realtime.close();
      subscriber.disconnect();
    },
  };
}
