import { z } from 'zod';
import { checkHealth } from '../../services/health.ts';
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

export const ZHealthReport = z.object({
  status: z.enum(['pass', 'fail']),
  checks: z.object({ database: ZHealthStatus, redis: ZHealthStatus, smtp: ZHealthStatus }),
  queues: z.object({ mail: ZQueueHealth }).optional(),
});

/** The status of the database, Redis and the SMTP server, and the mail queue's depth (Appwrite: `health.get`). */
export const get = infraProcedure.output(ZHealthReport).query(({ ctx }) => checkHealth(ctx.deps.health));
