import { z } from 'zod';
import { ZUser, toUserDto } from '../../dto/user.ts';
import { rest } from '../../openapi/meta.ts';
import { updateUserPrefs } from '../../services/user-profile.ts';
import { accountProcedure } from '../../trpc.ts';
import { zPrefs } from '../../validation/params.ts';

/** PATCH /v1/account/prefs: replaces the whole object (no merge) and returns the account. */
export const updatePrefs = accountProcedure
  .meta(rest('PATCH', '/account/prefs', 'Update preferences'))
  .input(z.object({ prefs: zPrefs() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUserDto(await updateUserPrefs(ctx.deps.repos, ctx.actor, ctx.user.userId, input.prefs)),
  );
