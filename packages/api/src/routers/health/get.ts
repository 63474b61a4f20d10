import { z } from 'zod';
import { ZHealthReport, ZPublicHealthReport } from '../../dto/health.ts';
import { healthFor } from '../../services/health.ts';
import { infraProcedure } from '../../trpc.ts';

/**
 * Whether the database, Redis and the SMTP server answer (Appwrite: `health.get`); with an API
 * key, each check's details and the mail queue's depth.
 */
export const get = infraProcedure
  .output(z.union([ZHealthReport, ZPublicHealthReport]))
  .query(({ ctx }) => healthFor(ctx.deps, ctx.req));
