import { z } from 'zod';
import { ZHealthReport, ZPublicHealthReport } from '../../dto/health.ts';
import { hasValidApiKey } from '../../auth/resolve-principal.ts';
import { healthFor } from '../../services/health.ts';
import { infraProcedure } from '../../trpc.ts';

/**
 * Whether the database, Redis and the SMTP server answer (Appwrite: `health.get`); with an API
 * key, each check's details and the mail queue's depth.
 */
export const get = infraProcedure
  .output(z.union([ZHealthReport, ZPublicHealthReport]))
  .query(async ({ ctx }) => healthFor(ctx.deps.health, await hasValidApiKey(ctx.deps, ctx.req)));
