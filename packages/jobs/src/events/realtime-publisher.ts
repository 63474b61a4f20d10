import { type RosterEvent } from '@roster/db';
import { type Redis } from '../redis.ts';
import { type EventConsumer } from './consumer.ts';
import { encodeRealtimeEvent, realtimeChannel } from './realtime-wire.ts';

/**
 * The realtime consumer (docs/events.md#realtime): publishes each committed event on the Redis
 * pub/sub channel every API process listens to; each process fans it out to its own WebSockets.
 * Pub/sub keeps nothing for a process that is not listening, and realtime promises no replay
 * (neither does Appwrite). A failed publish throws, so the dispatcher retries the batch: the API
 * processes drop the repeats by event id. One connection publishes in order, so events of one
 * resource arrive in the order the dispatcher hands them over.
 */
export function createRealtimePublisher(redis: Redis, { prefix }: { prefix: string }): EventConsumer {
  const channel = realtimeChannel(prefix);
  return {
    name: 'realtime',
    async consume(events: readonly RosterEvent[]) {
      if (events.length === 0) return;
      const pipeline = redis.pipeline();
      for (const event of events) pipeline.publish(channel, encodeRealtimeEvent(event));
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error)?.[0];
      if (failed) throw failed;
    },
  };
}
