import { z } from 'zod';
import { ZMembershipDelivery } from '../../dto/membership-delivery.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { getTeamMembershipDelivery } from '../../services/membership-delivery.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * Whether the invitation email of a membership went out (a Roster addition; its REST route,
 * `GET /v1/teams/{teamId}/memberships/{membershipId}/delivery`, comes with the REST adapter).
 * Owners and API keys only: the reason of a failure can name the invitee's mail server.
 */
export const getMembershipDelivery = teamOwnerProcedure('User is not allowed to read invitation deliveries')
  .meta(
    rest(
      'GET',
      '/teams/{teamId}/memberships/{membershipId}/delivery',
      'Get invitation email delivery (Roster)',
    ),
  )
  .input(z.object({ membershipId: zUid() }))
  .output(ZMembershipDelivery)
  .query(({ ctx, input }) => getTeamMembershipDelivery(ctx.deps.repos, ctx.team, input.membershipId));
