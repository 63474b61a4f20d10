import { z } from 'zod';
import { ZLogList } from '../../dto/log.ts';
import { listLogs } from '../../services/activity-logs.ts';
import { accountProcedure } from '../../trpc.ts';
import { zLooseBoolean, zQueries } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/account/logs: what the signed-in user did, newest first. */
export const listLogsProcedure = accountProcedure
  .meta(rest('GET', '/account/logs', 'List logs'))
  .input(z.object({ queries: zQueries().optional(), total: zLooseBoolean().optional() }))
  .output(ZLogList)
  .query(({ ctx, input }) =>
    listLogs(ctx.deps.repos.activityLogs.byUser(ctx.user.userId), input, ctx.actor.locale),
  );
