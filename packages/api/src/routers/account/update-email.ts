import { z } from 'zod';
import { ZUser, toUserDto } from '../../dto/user.ts';
import { throttlePasswordProof } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import { changeOwnEmail } from '../../services/user-profile.ts';
import { accountProcedure } from '../../trpc.ts';
import { zEmail, zPassword } from '../../validation/params.ts';

/**
 * PATCH /v1/account/email: needs the password (throttled like a sign-in); the new address is
 * unverified; an address that is anyone's is 409 `user_target_already_exists`.
 */
export const updateEmail = accountProcedure
  .meta(rest('PATCH', '/account/email', 'Update email'))
  .use(({ ctx, next }) => throttlePasswordProof(ctx, () => next()))
  .input(z.object({ email: zEmail(), password: zPassword() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUserDto(await changeOwnEmail(ctx.deps.repos, ctx.actor, ctx.user.userId, input)),
  );
