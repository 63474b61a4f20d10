import { ZTeamRoleList } from '../../dto/team-role.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';
import { listTeamRoles } from '../../services/team-roles.ts';
import { rest } from '../../openapi/meta.ts';

/** The roles the team may hand out, with their descriptions and permissions (members and keys). */
export const listRoles = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}/roles', 'List team roles (Roster)'))
  .output(ZTeamRoleList)
  .query(({ ctx }) => listTeamRoles(ctx.deps.config, ctx.team));
