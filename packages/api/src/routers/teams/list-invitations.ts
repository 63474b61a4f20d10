import { z } from 'zod';
import { ZInvitationState, ZTeamInvitationList } from '../../dto/invitation.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { listTeamInvitations } from '../../services/team-invitations.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * GET /v1/teams/{teamId}/invitations: the team's invitations in every state, with their delivery
 * state, optionally of one `state`; owners and keys only (as the delivery route).
 */
export const listInvitations = teamOwnerProcedure('User is not allowed to list invitations')
  .meta(rest('GET', '/teams/{teamId}/invitations', 'List team invitations (Roster)'))
  .input(
    z.object({
      state: ZInvitationState.optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      offset: z.coerce.number().int().min(0).max(5000).default(0),
    }),
  )
  .output(ZTeamInvitationList)
  .query(({ ctx, input }) => listTeamInvitations(ctx.deps, ctx.team, input));
