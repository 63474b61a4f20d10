import { Queue } from 'bullmq';
import { type Redis } from 'ioredis';
import { DEFAULT_QUEUE_PREFIX, JOB, QUEUE } from '../queues.ts';
import { withTimeout } from '../with-timeout.ts';

/** What the API calls once a change committed its events (docs/events.md#dispatch). */
export interface EventNudge {
  nudge(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wakes the dispatcher now rather than at its next poll: one `events.dispatch` job, deduplicated
 * while one is waiting. Only latency depends on it: the dispatcher reads the events from the
 * database, so a nudge lost while Redis is down costs at most one poll interval once it is back.
 * Like the invitation queue it fails fast on a `producer` connection that is not ready.
 */
export function createEventNudge(options: {
  connection: Redis;
  prefix?: string;
  timeoutMs?: number;
}): EventNudge {
  const { connection, prefix = DEFAULT_QUEUE_PREFIX, timeoutMs = 1000 } = options;
  const queue = new Queue(QUEUE.events, { connection, prefix });
  queue.on('error', () => {});
  return {
    async nudge() {
      if (connection.status !== 'ready') throw new Error(`Redis is not connected (${connection.status})`);
      await withTimeout(
        queue.add(
          JOB.dispatchEvents,
          {},
          { deduplication: { id: 'nudge' }, removeOnComplete: true, removeOnFail: true },
        ),
        timeoutMs,
        'Redis',
      );
    },
    close: () => queue.close(),
  };
}
