import { z } from 'zod';
import { ZJoinLink } from '../../dto/join-link.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { revokeJoinLink } from '../../services/join-links.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * DELETE /v1/teams/{teamId}/join-links/{linkId}: revokes the link (it stays listed, `revoked`);
 * owners and API keys. Revoking a revoked link changes nothing.
 */
export const revoke = teamOwnerProcedure('User is not allowed to revoke join links of this team')
  .meta(rest('DELETE', '/teams/{teamId}/join-links/{linkId}', 'Revoke team join link (Roster)'))
  .input(z.object({ linkId: zUid() }))
  .output(ZJoinLink)
  .mutation(({ ctx, input }) => revokeJoinLink(ctx.deps.repos, ctx.actor, ctx.team, input.linkId));
