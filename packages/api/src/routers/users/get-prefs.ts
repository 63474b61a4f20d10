import { ZPreferences } from '../../dto/preferences.ts';
import { z } from 'zod';
import { getUserPrefs } from '../../services/user-profile.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/users/{userId}/prefs. */
export const getPrefs = scopedProcedure('users.read')
  .meta(rest('GET', '/users/{userId}/prefs', 'Get user preferences'))
  .input(z.object({ userId: zUid() }))
  .output(ZPreferences)
  .query(({ ctx, input }) => getUserPrefs(ctx.deps.repos, input.userId));
