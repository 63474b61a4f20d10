import { ZTeamRole, ZTeamRoleInput } from '../../dto/team-role.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { createTeamRole } from '../../services/team-roles.ts';
import { rest } from '../../openapi/meta.ts';

/** An owner adds a role of the team's own, besides the project's catalog. */
export const createRole = teamOwnerProcedure('User is not allowed to manage the roles of this team')
  .meta(rest('POST', '/teams/{teamId}/roles', 'Create team role (Roster)'))
  .input(ZTeamRoleInput)
  .output(ZTeamRole)
  .mutation(({ ctx, input }) =>
    createTeamRole(ctx.deps, ctx.actor, ctx.team, {
      name: input.roleId,
      description: input.description,
      permissions: input.permissions,
    }),
  );
