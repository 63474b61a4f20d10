import { z } from 'zod';
import { ZPermissionCheck } from '../../dto/team-role.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';
import { zPermission } from '../../services/role-catalog.ts';
import { checkTeamPermission } from '../../services/team-roles.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * "May I do `permission` in this team?" in one call: members ask for themselves, API keys on behalf
 * of `userId`.
 */
export const checkPermission = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}/permissions/{permission}', 'Check a team permission (Roster)'))
  .input(z.object({ permission: zPermission(), userId: zUid().optional() }))
  .output(ZPermissionCheck)
  .query(({ ctx, input }) => checkTeamPermission(ctx.deps, ctx, input.permission, input.userId));
