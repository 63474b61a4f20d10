import { z } from 'zod';
import { ZMembership } from '../../dto/membership.ts';
import { teamWriteProcedure } from '../../middleware/team-access.ts';
import { updateMembershipRoles } from '../../services/memberships.ts';
import { zRoles, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * PATCH /v1/teams/{teamId}/memberships/{membershipId}: replaces the roles. The owner check runs
 * in the service, after the membership lookups, to keep Appwrite's order of errors.
 */
export const updateMembership = teamWriteProcedure
  .meta(rest('PATCH', '/teams/{teamId}/memberships/{membershipId}', 'Update membership roles'))
  .input(z.object({ membershipId: zUid(), roles: zRoles() }))
  .output(ZMembership)
  .mutation(({ ctx, input }) => updateMembershipRoles(ctx.deps.repos, ctx, input.membershipId, input.roles));
