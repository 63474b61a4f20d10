import { z } from 'zod';
import { ZUser, toUserDto } from '../../dto/user.ts';
import { guestOnlyProcedure } from '../../middleware/guest-only.ts';
import { limitSignUps } from '../../middleware/rate-limit.ts';
import { createUser } from '../../services/users.ts';
import { zCustomId, zEmail, zPassword, zText } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** POST /v1/account: a guest signs up (no session is opened; sign in next). */
export const create = guestOnlyProcedure
  .meta(rest('POST', '/account', 'Create account', { public: true }))
  .use(async ({ ctx, next }) => {
    await limitSignUps(ctx);
    return next();
  })
  .input(
    z.object({ userId: zCustomId(), email: zEmail(), password: zPassword(), name: zText(128).optional() }),
  )
  .output(ZUser)
  .mutation(async ({ ctx, input }) => toUserDto(await createUser(ctx.deps.repos, input, ctx.actor)));
