import { z } from 'zod';
import { ZTeam } from '../../dto/team.ts';
import { createTeam } from '../../services/teams.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zCustomId, zTeamRoles, zText } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

const ZCreateTeamInput = z.object({
  teamId: zCustomId(),
  name: zText(128),
  roles: zTeamRoles().optional(),
});

/** POST /v1/teams: a session caller becomes the team's owner; an API key creates it empty. */
export const create = scopedProcedure('teams.write')
  .meta(rest('POST', '/teams', 'Create team'))
  .input(ZCreateTeamInput)
  .output(ZTeam)
  .mutation(({ ctx, input }) => createTeam(ctx.deps.repos, ctx.actor, input));
