import { z } from 'zod';
import { healthFor } from '../../services/health.ts';
import { infraProcedure } from '../../trpc.ts';

const ZHealthStatus = z.object({
  status: z.enum(['pass', 'fail']),
  ping: z.number(),
  message: z.string(),
});

const ZQueueHealth = z.object({
  status: z.enum(['pass', 'fail']),
  message: z.string(),
  waiting: z.number(),
  active: z.number(),
  delayed: z.number(),
  failed: z.number(),
  oldestWaitingMs: z.number(),
});

/** `checks` and `queues` only for API keys; anyone else gets `status` alone. */
export const ZHealthReport = z.object({
  status: z.enum(['pass', 'fail']),
  checks: z.object({ database: ZHealthStatus, redis: ZHealthStatus, smtp: ZHealthStatus }).optional(),
  queues: z.object({ mail: ZQueueHealth }).optional(),
});

/**
 * Whether the database, Redis and the SMTP server answer (Appwrite: `health.get`); with an API
 * key, each check's details and the mail queue's depth.
 */
export const get = infraProcedure.output(ZHealthReport).query(({ ctx }) => healthFor(ctx.deps, ctx.req));
