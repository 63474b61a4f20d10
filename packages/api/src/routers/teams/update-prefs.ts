import { ZPreferences } from '../../dto/preferences.ts';
import { z } from 'zod';
import { teamOwnerProcedure } from '../../middleware/team-access.ts';
import { replaceTeamPrefs } from '../../services/teams.ts';
import { zPrefs } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** PUT /v1/teams/{teamId}/prefs: owners (or keys) replace the whole object; returns what was sent. */
export const updatePrefs = teamOwnerProcedure()
  .meta(rest('PUT', '/teams/{teamId}/prefs', 'Update team preferences'))
  .input(z.object({ prefs: zPrefs() }))
  .output(ZPreferences)
  .mutation(({ ctx, input }) => replaceTeamPrefs(ctx.deps.repos, ctx.actor, ctx.team, input.prefs));
