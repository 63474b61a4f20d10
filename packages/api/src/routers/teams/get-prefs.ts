import { ZPreferences } from '../../dto/preferences.ts';
import { parsePrefs } from '../../lib/prefs.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/teams/{teamId}/prefs: any confirmed member. */
export const getPrefs = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}/prefs', 'Get team preferences'))
  .output(ZPreferences)
  .query(({ ctx }) => parsePrefs(ctx.team.prefs));
