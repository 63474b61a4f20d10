import { z } from 'zod';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { deleteTeam } from '../../services/teams.ts';
import { rest } from '../../openapi/meta.ts';

/** DELETE /v1/teams/{teamId}: owners (or keys) only; its memberships go with it. */
export const deleteProcedure = teamOwnerProcedure()
  .meta(rest('DELETE', '/teams/{teamId}', 'Delete team'))
  .output(z.void())
  .mutation(({ ctx }) => deleteTeam(ctx.deps.repos, ctx.actor, ctx.team));
