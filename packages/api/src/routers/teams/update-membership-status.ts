import { z } from 'zod';
import { ZMembership } from '../../dto/membership.ts';
import { limitAccepts } from '../../middleware/rate-limit.ts';
import { setSessionCookies } from '../../middleware/session-cookies.ts';
import { acceptInvitation } from '../../services/accept-invitation.ts';
import { publicProcedure } from '../../trpc.ts';
import { zText, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * PATCH /v1/teams/{teamId}/memberships/{membershipId}/status: the invitee accepts, with or
 * without a session (API keys cannot: no `public` scope); a new session comes as cookies. Failed
 * attempts are limited per address.
 */
export const updateMembershipStatus = publicProcedure
  .meta(
    rest('PATCH', '/teams/{teamId}/memberships/{membershipId}/status', 'Accept invitation', { public: true }),
  )
  .use(({ ctx, next }) => limitAccepts(ctx, () => next()))
  .input(z.object({ teamId: zUid(), membershipId: zUid(), userId: zUid(), secret: zText(256) }))
  .output(ZMembership)
  .mutation(async ({ ctx, input }) => {
    const { membership, session } = await acceptInvitation(ctx.deps, ctx.actor, input);
    if (session) setSessionCookies(ctx, session.token, session.session.expire);
    return membership;
  });
