import { z } from 'zod';
import { ZUser, toUserDto } from '../../dto/user.ts';
import { throttlePasswordProof } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import { changeOwnPhone } from '../../services/user-profile.ts';
import { accountProcedure } from '../../trpc.ts';
import { zPassword, zPhone } from '../../validation/params.ts';

/**
 * PATCH /v1/account/phone: an E.164 number; needs the password (throttled like a sign-in); the
 * new number is unverified; a number that is anyone's is 409 `user_target_already_exists`.
 */
export const updatePhone = accountProcedure
  .meta(rest('PATCH', '/account/phone', 'Update phone'))
  .use(({ ctx, next }) => throttlePasswordProof(ctx, () => next()))
  .input(z.object({ phone: zPhone(), password: zPassword() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUserDto(await changeOwnPhone(ctx.deps.repos, ctx.actor, ctx.user.userId, input)),
  );
