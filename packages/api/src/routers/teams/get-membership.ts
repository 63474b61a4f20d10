import { z } from 'zod';
import { ZMembership } from '../../dto/membership.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';
import { getTeamMembership } from '../../services/memberships.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/teams/{teamId}/memberships/{membershipId}: confirmed members and API keys. */
export const getMembership = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}/memberships/{membershipId}', 'Get team membership'))
  .input(z.object({ membershipId: zUid() }))
  .output(ZMembership)
  .query(({ ctx, input }) => getTeamMembership(ctx.deps.repos, ctx.team, input.membershipId));
