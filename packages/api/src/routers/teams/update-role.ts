import { ZTeamRole, ZTeamRoleInput } from '../../dto/team-role.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { updateTeamRole } from '../../services/team-roles.ts';
import { rest } from '../../openapi/meta.ts';

/** An owner replaces the description and permissions of one of the team's own roles. */
export const updateRole = teamOwnerProcedure('User is not allowed to manage the roles of this team')
  .meta(rest('PUT', '/teams/{teamId}/roles/{roleId}', 'Update team role (Roster)'))
  .input(ZTeamRoleInput)
  .output(ZTeamRole)
  .mutation(({ ctx, input }) =>
    updateTeamRole(ctx.deps.repos, ctx.actor, ctx.team, input.roleId, {
      description: input.description,
      permissions: input.permissions,
    }),
  );
