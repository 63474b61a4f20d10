import { z } from 'zod';
import { ZTeamList } from '../../dto/team.ts';
import { listTeams } from '../../services/team-list.ts';
import { scopedProcedure } from '../../trpc.ts';
import { listParams } from '../../validation/list-params.ts';
import { rest } from '../../openapi/meta.ts';

const ZListTeamsInput = z.object(listParams());

/** GET /v1/teams: API keys see every team, users the teams they are a confirmed member of. */
export const list = scopedProcedure('teams.read')
  .meta(rest('GET', '/teams', 'List teams'))
  .input(ZListTeamsInput)
  .output(ZTeamList)
  .query(({ ctx, input }) => listTeams(ctx.deps.repos, ctx.principal, input));
