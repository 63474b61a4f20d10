import { z } from 'zod';
import { ZMembership } from '../../dto/membership.ts';
import { idempotentCall, zIdempotencyKey } from '../../middleware/idempotency.ts';
import { limitInvitations } from '../../middleware/rate-limit.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { inviteMember } from '../../services/invitations.ts';
import { zEmail, zPhone, zRoles, zText, zUid, zUrl } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

const ZCreateMembershipInput = z.object({
  email: zEmail().optional(),
  userId: zUid().optional(),
  phone: zPhone().optional(),
  roles: zRoles(),
  url: zUrl().optional(),
  name: zText(128).optional(),
  idempotencyKey: zIdempotencyKey().optional(),
});

/**
 * POST /v1/teams/{teamId}/memberships: an owner invites (pending membership, email queued); an
 * API key adds a confirmed member.
 *
 * Unlike Appwrite (docs/appwrite-compatibility.md#appwrites-quirks-and-what-roster-does), the owner check
 * comes first, so a member who may not invite cannot create accounts for arbitrary addresses either. The rate
 * limits (middleware/rate-limit.ts) run after the team and owner checks but before the body is validated, so
 * an invalid invitation still spends one unit of the budget, as in Appwrite.
 */
export const createMembership = teamOwnerProcedure('User is not allowed to send invitations for this team')
  .meta(rest('POST', '/teams/{teamId}/memberships', 'Create team membership (invite)'))
  .use((opts) => idempotentCall(opts))
  .use(async ({ ctx, next }) => {
    await limitInvitations(ctx);
    return next();
  })
  .input(ZCreateMembershipInput)
  .output(ZMembership)
  .mutation(({ ctx, input: { idempotencyKey: _key, ...input } }) =>
    inviteMember(ctx.deps, ctx.actor, ctx.team, input),
  );
