import { z } from 'zod';
import { ZMembership } from '../../dto/membership.ts';
import { callerMembershipView, teamMemberProcedure } from '../../middleware/team-access.ts';
import { getTeamMembership } from '../../services/memberships.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * GET /v1/teams/{teamId}/memberships/{membershipId}: confirmed members and API keys; members see what
 * the membership privacy shows.
 */
export const getMembership = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}/memberships/{membershipId}', 'Get team membership'))
  .input(z.object({ membershipId: zUid() }))
  .output(ZMembership)
  .query(({ ctx, input }) =>
    getTeamMembership(ctx.deps.repos, ctx.team, input.membershipId, callerMembershipView(ctx)),
  );
