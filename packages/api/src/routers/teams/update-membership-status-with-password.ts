import { z } from 'zod';
import { ZMembership } from '../../dto/membership.ts';
import { limitAccepts } from '../../middleware/rate-limit.ts';
import { setSessionCookies } from '../../middleware/session-cookies.ts';
import { acceptInvitation } from '../../services/accept-invitation.ts';
import { publicProcedure } from '../../trpc.ts';
import { zPassword, zText, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * PATCH /v1/teams/{teamId}/memberships/{membershipId}/status/password: Appwrite's accept, and the
 * invitee's first password set in the same call (docs/invitations.md#accept-and-set-a-password);
 * 400 when the account keeps a password already. Limited like the accept route.
 */
export const updateMembershipStatusWithPassword = publicProcedure
  .meta(
    rest(
      'PATCH',
      '/teams/{teamId}/memberships/{membershipId}/status/password',
      'Accept invitation and set a password (Roster)',
      { public: true },
    ),
  )
  .use(({ ctx, next }) => limitAccepts(ctx, () => next()))
  .input(
    z.object({
      teamId: zUid(),
      membershipId: zUid(),
      userId: zUid(),
      secret: zText(256),
      password: zPassword(),
    }),
  )
  .output(ZMembership)
  .mutation(async ({ ctx, input }) => {
    const { membership, session } = await acceptInvitation(ctx.deps, ctx.actor, input);
    if (session) setSessionCookies(ctx, session.token, session.session.expire);
    return membership;
  });
