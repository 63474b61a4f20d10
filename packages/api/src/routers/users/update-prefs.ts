import { z } from 'zod';
import { replaceUserPrefs } from '../../services/user-profile.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zPrefs, zUid } from '../../validation/params.ts';
import { ZUserPrefs } from './get-prefs.ts';

/** PATCH /v1/users/{userId}/prefs: replaces the whole object (no merge). */
export const updatePrefs = scopedProcedure('users.write')
  .input(z.object({ userId: zUid(), prefs: zPrefs() }))
  .output(ZUserPrefs)
  .mutation(({ ctx, input }) => replaceUserPrefs(ctx.deps.models, input.userId, input.prefs));
