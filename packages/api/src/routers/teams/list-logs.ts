import { z } from 'zod';
import { ZLogList } from '../../dto/log.ts';
import { AppError } from '../../errors.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';
import { listLogs } from '../../services/activity-logs.ts';
import { zLooseBoolean, zQueries } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * GET /v1/teams/{teamId}/logs: the team's activity log, newest first; owners and keys with
 * `teams.read` (a Roster extension: docs/appwrite-compatibility.md#activity-logs).
 */
export const listLogsProcedure = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}/logs', 'List team logs'))
  .input(z.object({ queries: zQueries().optional(), total: zLooseBoolean().optional() }))
  .output(ZLogList)
  .use(({ ctx, next }) => {
    if (!ctx.isOwner) throw new AppError('user_unauthorized', 'User is not allowed to read the team’s logs');
    return next();
  })
  .query(({ ctx, input }) =>
    listLogs(ctx.deps.repos.activityLogs.ofTeam(ctx.team._id), input, ctx.actor.locale),
  );
