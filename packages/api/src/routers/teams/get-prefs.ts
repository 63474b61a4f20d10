import { z } from 'zod';
import { parsePrefs } from '../../lib/prefs.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';

export const ZPreferences = z.record(z.string(), z.unknown());

/** GET /v1/teams/{teamId}/prefs: any confirmed member. */
export const getPrefs = teamMemberProcedure
  .output(ZPreferences)
  .query(({ ctx }) => parsePrefs(ctx.team.prefs));
