import { z } from 'zod';
import { deleteTeamMembership } from '../../services/memberships.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * DELETE /v1/teams/{teamId}/memberships/{membershipId}: leave, remove a member, revoke an
 * invitation. Not on `teamWriteProcedure`: Appwrite looks the membership up before the team.
 */
export const deleteMembership = scopedProcedure('teams.write')
  .meta(rest('DELETE', '/teams/{teamId}/memberships/{membershipId}', 'Delete team membership'))
  .input(z.object({ teamId: zUid(), membershipId: zUid() }))
  .output(z.void())
  .mutation(({ ctx, input }) => deleteTeamMembership(ctx.deps.repos, ctx.actor, input));
