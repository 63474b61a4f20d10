import { QueueStats } from '@roster/jobs';
import { z } from 'zod';

const ZCheckResult = z.enum(['pass', 'fail']);

/** One dependency's check, shaped like Appwrite's HealthStatus model: `ping` in milliseconds. */
export const ZHealthStatus = z.object({
  status: ZCheckResult,
  ping: z.number(),
  /** Why the check failed; empty when it passed. */
  message: z.string(),
});
export type HealthStatus = z.infer<typeof ZHealthStatus>;

/** A queue's depth, or (`status: fail`, zeros) why it could not be read. */
export const ZQueueHealth = z.object({ status: ZCheckResult, message: z.string(), ...QueueStats.shape });
export type QueueHealth = z.infer<typeof ZQueueHealth>;

/** The whole report, for API keys: every check and the mail queue's depth. */
export const ZHealthReport = z.object({
  status: ZCheckResult,
  checks: z.object({
    database: ZHealthStatus,
    redis: ZHealthStatus,
    smtp: ZHealthStatus,
    storage: ZHealthStatus,
  }),
  queues: z.object({ mail: ZQueueHealth }).optional(),
});
export type HealthReport = z.infer<typeof ZHealthReport>;

/** What anyone may see: whether the service is healthy, not why (error texts name hosts and addresses). */
export const ZPublicHealthReport = ZHealthReport.pick({ status: true });
export type PublicHealthReport = z.infer<typeof ZPublicHealthReport>;
