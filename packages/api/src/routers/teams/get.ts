import { ZTeam, toTeamDto } from '../../dto/team.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';
import { confirmedTotal } from '../../services/team-totals.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/teams/{teamId}: confirmed members and API keys only (others: 404). */
export const get = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}', 'Get team'))
  .output(ZTeam)
  .query(async ({ ctx }) => toTeamDto(ctx.team, await confirmedTotal(ctx.deps.models, ctx.team)));
