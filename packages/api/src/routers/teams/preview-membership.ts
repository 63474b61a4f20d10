import { z } from 'zod';
import { ZInvitationPreview } from '../../dto/invitation.ts';
import { limitAccepts } from '../../middleware/rate-limit.ts';
import { previewInvitation } from '../../services/invitation-preview.ts';
import { publicProcedure } from '../../trpc.ts';
import { zText, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * POST /v1/teams/{teamId}/memberships/{membershipId}/preview: what an invitation offers, for the
 * holder of its secret (in the body, never the URL), before accepting. Failed attempts spend the
 * accept route's budget per address: both guess the same secret.
 */
export const previewMembership = publicProcedure
  .meta(
    rest('POST', '/teams/{teamId}/memberships/{membershipId}/preview', 'Preview invitation (Roster)', {
      public: true,
    }),
  )
  .use(({ ctx, next }) => limitAccepts(ctx, () => next()))
  .input(z.object({ teamId: zUid(), membershipId: zUid(), secret: zText(256) }))
  .output(ZInvitationPreview)
  .mutation(({ ctx, input }) => previewInvitation(ctx.deps, input));
