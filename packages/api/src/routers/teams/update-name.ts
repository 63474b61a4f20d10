import { z } from 'zod';
import { ZTeam } from '../../dto/team.ts';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { renameTeam } from '../../services/teams.ts';
import { zText } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** PUT /v1/teams/{teamId}: owners (or keys) only. */
export const updateName = teamOwnerProcedure()
  .meta(rest('PUT', '/teams/{teamId}', 'Update name'))
  .input(z.object({ name: zText(128) }))
  .output(ZTeam)
  .mutation(({ ctx, input }) => renameTeam(ctx.deps.repos, ctx.actor, ctx.team, input.name));
