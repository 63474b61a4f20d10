import { z } from 'zod';
import { ZJoinLinkPreview } from '../../dto/join-link.ts';
import { limitJoinLinkGuesses } from '../../middleware/rate-limit.ts';
import { previewJoinLink } from '../../services/join-links.ts';
import { publicProcedure } from '../../trpc.ts';
import { zText, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * POST /v1/join-links/{linkId}/preview: the team's name, the roles and the expiry of a usable
 * link, for whoever holds its secret (guests too, before signing in). Limited as joining is.
 */
export const preview = publicProcedure
  .meta(rest('POST', '/join-links/{linkId}/preview', 'Preview join link (Roster)', { public: true }))
  .use(({ ctx, next }) => limitJoinLinkGuesses(ctx, () => next()))
  .input(z.object({ linkId: zUid(), secret: zText(256) }))
  .output(ZJoinLinkPreview)
  .mutation(({ ctx, input }) => previewJoinLink(ctx.deps.repos, input));
