import { z } from 'zod';
import { ZMembership } from '../../dto/membership.ts';
import { limitJoinLinkGuesses } from '../../middleware/rate-limit.ts';
import { joinWithLink } from '../../services/join-links.ts';
import { accountProcedure } from '../../trpc.ts';
import { zText, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * POST /v1/join-links/{linkId}/memberships: the signed-in user joins the link's team (a confirmed
 * membership). The secret goes in the body; wrong guesses are limited per address.
 */
export const join = accountProcedure
  .meta(rest('POST', '/join-links/{linkId}/memberships', 'Join team with join link (Roster)'))
  .use(({ ctx, next }) => limitJoinLinkGuesses(ctx, () => next()))
  .input(z.object({ linkId: zUid(), secret: zText(256) }))
  .output(ZMembership)
  .mutation(({ ctx, input }) => joinWithLink(ctx.deps, ctx.actor, ctx.user, input));
