import { ZTeam } from '../../dto/team.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';
import { getTeam } from '../../services/teams.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/teams/{teamId}: confirmed members and API keys only (others: 404). */
export const get = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}', 'Get team'))
  .output(ZTeam)
  .query(({ ctx }) => getTeam(ctx.deps.repos, ctx.team));
