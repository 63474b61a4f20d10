import { type Queue } from 'bullmq';
import { z } from 'zod';

/** What `/health` shows of a queue: its depth, its failures and how long the oldest job has waited. */
export const QueueStats = z.object({
  /** Jobs ready to run and not yet taken (BullMQ `wait` and `prioritized`). */
  waiting: z.number(),
  active: z.number(),
  /** Jobs waiting for a retry (backoff) or a deferred send. */
  delayed: z.number(),
  /** Jobs that gave up, kept for inspection (`removeOnFail`). */
  failed: z.number(),
  /** Age of the oldest waiting job in milliseconds; 0 when none waits. */
  oldestWaitingMs: z.number(),
});
export type QueueStats = z.infer<typeof QueueStats>;

export async function readQueueStats(queue: Queue, now = Date.now()): Promise<QueueStats> {
  const [counts, oldest] = await Promise.all([
    queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed'),
    queue.getJobs(['wait'], 0, 0, true),
  ]);
  const count = (name: string) => counts[name] ?? 0;
  const first = oldest[0];
  return {
    waiting: count('wait') + count('prioritized'),
    active: count('active'),
    delayed: count('delayed'),
    failed: count('failed'),
    oldestWaitingMs: first ? Math.max(0, now - first.timestamp) : 0,
  };
}
