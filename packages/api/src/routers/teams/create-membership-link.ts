import { z } from 'zod';
import { ZMembershipWithLink } from '../../dto/bulk-invitations.ts';
import { AppError } from '../../errors.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { rest } from '../../openapi/meta.ts';
import { inviteWithLink } from '../../services/custom-delivery.ts';
import { zEmail, zPhone, zRoles, zText, zUid, zUrl } from '../../validation/params.ts';

/**
 * POST /v1/teams/{teamId}/memberships/link (Roster): an API key creates a pending invitation without
 * an email and receives its accept link once, to deliver on its own channel
 * (docs/invitations.md#custom-delivery). Sessions are refused: the link is a secret that an owner's
 * browser has no business holding (they invite by email).
 */
export const createMembershipLink = teamOwnerProcedure(
  'User is not allowed to send invitations for this team',
)
  .meta(
    rest('POST', '/teams/{teamId}/memberships/link', 'Create team membership with custom delivery (Roster)'),
  )
  .use(({ ctx, next }) => {
    if (ctx.principal.kind !== 'key') {
      throw new AppError('general_unauthorized_scope', 'Only API keys may deliver invitations themselves.');
    }
    return next();
  })
  .input(
    z.object({
      email: zEmail().optional(),
      userId: zUid().optional(),
      phone: zPhone().optional(),
      roles: zRoles(),
      url: zUrl(),
      name: zText(128).optional(),
    }),
  )
  .output(ZMembershipWithLink)
  .mutation(({ ctx, input }) => inviteWithLink(ctx.deps, ctx.actor, ctx.team, input));
