import { ZPreferences } from '../../dto/preferences.ts';
import { z } from 'zod';
import { replaceUserPrefs } from '../../services/user-profile.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zPrefs, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** PATCH /v1/users/{userId}/prefs: replaces the whole object (no merge). */
export const updatePrefs = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/prefs', 'Update user preferences'))
  .input(z.object({ userId: zUid(), prefs: zPrefs() }))
  .output(ZPreferences)
  .mutation(({ ctx, input }) => replaceUserPrefs(ctx.deps.repos, ctx.actor, input.userId, input.prefs));
