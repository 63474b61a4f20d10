import { z } from 'zod';
import { ZLogList } from '../../dto/log.ts';
import { listLogs } from '../../services/activity-logs.ts';
import { getUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zLooseBoolean, zQueries, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/users/{userId}/logs: what the user did, newest first (API keys with `users.read`). */
export const listLogsProcedure = scopedProcedure('users.read')
  .meta(rest('GET', '/users/{userId}/logs', 'List user logs'))
  .input(z.object({ userId: zUid(), queries: zQueries().optional(), total: zLooseBoolean().optional() }))
  .output(ZLogList)
  .query(async ({ ctx, input }) => {
    const user = await getUser(ctx.deps.repos, input.userId);
    return listLogs(ctx.deps.repos.activityLogs.byUser(user._id), input, ctx.actor.locale);
  });
