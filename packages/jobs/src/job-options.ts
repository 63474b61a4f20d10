import { type JobsOptions } from 'bullmq';

export interface RetrySettings {
  /** Tries per email before it is marked `failed` (the first send included). */
  attempts: number;
  /** First retry delay; each next one doubles, ±30 % jitter so retries of a burst spread out. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 8, backoffMs: 5000 };

/**
 * The options of every invitation email job, shared by the API's producer and the worker's sweeper
 * so both add identical jobs. Retention only bounds Redis memory: duplicates are stopped by the
 * job id while a job is kept and by the send claims in the database after it is gone.
 */
export function invitationJobOptions(retry: RetrySettings = DEFAULT_RETRY): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.3 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}
