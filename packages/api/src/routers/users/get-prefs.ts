import { z } from 'zod';
import { getUserPrefs } from '../../services/user-profile.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';

export const ZUserPrefs = z.record(z.string(), z.unknown());

/** GET /v1/users/{userId}/prefs. */
export const getPrefs = scopedProcedure('users.read')
  .input(z.object({ userId: zUid() }))
  .output(ZUserPrefs)
  .query(({ ctx, input }) => getUserPrefs(ctx.deps.models, input.userId));
