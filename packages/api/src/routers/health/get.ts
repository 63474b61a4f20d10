import { z } from 'zod';
import { checkHealth } from '../../services/health.ts';
import { infraProcedure } from '../../trpc.ts';

const ZHealthStatus = z.object({
  status: z.enum(['pass', 'fail']),
  ping: z.number(),
  message: z.string(),
});

export const ZHealthReport = z.object({
  status: z.enum(['pass', 'fail']),
  checks: z.object({ database: ZHealthStatus, redis: ZHealthStatus, smtp: ZHealthStatus }),
});

/** The status of the database, Redis and the SMTP server (Appwrite: `health.get`). */
export const get = infraProcedure.output(ZHealthReport).query(({ ctx }) => checkHealth(ctx.deps.health));
