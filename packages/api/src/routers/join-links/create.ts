import { z } from 'zod';
import { ZJoinLinkCreated } from '../../dto/join-link.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { createJoinLink } from '../../services/join-links.ts';
import { zRange, zRoles, zText, zUrl } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * POST /v1/teams/{teamId}/join-links: an owner (or an API key) makes a shareable join link. The
 * response's `url` carries the secret; it is never shown again.
 */
export const create = teamOwnerProcedure('User is not allowed to create join links for this team')
  .meta(rest('POST', '/teams/{teamId}/join-links', 'Create team join link (Roster)'))
  .input(
    z.object({
      roles: zRoles(),
      url: zUrl(),
      expire: zText(64).optional(),
      maxUses: zRange(1, 10_000).optional(),
      domain: zText(254).optional(),
    }),
  )
  .output(ZJoinLinkCreated)
  .mutation(({ ctx, input }) => createJoinLink(ctx.deps, ctx.actor, ctx.team, input));
