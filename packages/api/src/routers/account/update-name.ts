import { z } from 'zod';
import { ZUser, toUserDto } from '../../dto/user.ts';
import { rest } from '../../openapi/meta.ts';
import { updateUserName } from '../../services/user-profile.ts';
import { accountProcedure } from '../../trpc.ts';
import { zText } from '../../validation/params.ts';

/** PATCH /v1/account/name. */
export const updateName = accountProcedure
  .meta(rest('PATCH', '/account/name', 'Update name'))
  .input(z.object({ name: zText(128) }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUserDto(await updateUserName(ctx.deps.repos, ctx.actor, ctx.user.userId, input.name)),
  );
