import { ZPreferences } from '../../dto/preferences.ts';
import { rest } from '../../openapi/meta.ts';
import { getUserPrefs } from '../../services/user-profile.ts';
import { accountProcedure } from '../../trpc.ts';

/** GET /v1/account/prefs: the signed-in user's preferences (`{}` when none). */
export const getPrefs = accountProcedure
  .meta(rest('GET', '/account/prefs', 'Get account preferences'))
  .output(ZPreferences)
  .query(({ ctx }) => getUserPrefs(ctx.deps.repos, ctx.user.userId));
