import { z } from 'zod';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { zRoleName } from '../../services/role-catalog.ts';
import { deleteTeamRole } from '../../services/team-roles.ts';
import { rest } from '../../openapi/meta.ts';

/** An owner deletes one of the team's own roles (memberships keep the string). */
export const deleteRole = teamOwnerProcedure('User is not allowed to manage the roles of this team')
  .meta(rest('DELETE', '/teams/{teamId}/roles/{roleId}', 'Delete team role (Roster)'))
  .input(z.object({ roleId: zRoleName() }))
  .output(z.void())
  .mutation(({ ctx, input }) => deleteTeamRole(ctx.deps.repos, ctx.actor, ctx.team, input.roleId));
