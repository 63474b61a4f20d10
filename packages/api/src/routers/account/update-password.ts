import { z } from 'zod';
import { ZUser, toUserDto } from '../../dto/user.ts';
import { limitPasswordChanges } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import { changeOwnPassword } from '../../services/user-profile.ts';
import { accountProcedure } from '../../trpc.ts';
import { zPassword } from '../../validation/params.ts';

/**
 * PATCH /v1/account/password: `oldPassword` is required when the user has a password; a user
 * created by an invitation has none and sets their first one here. The user's other sessions end.
 */
export const updatePassword = accountProcedure
  .meta(rest('PATCH', '/account/password', 'Update password'))
  .use(async ({ ctx, next }) => {
    await limitPasswordChanges(ctx);
    return next();
  })
  .input(z.object({ password: zPassword(), oldPassword: zPassword().optional() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUserDto(await changeOwnPassword(ctx.deps.repos, ctx.actor, ctx.user.userId, input, ctx.user.sessionId)),
  );
