import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { updateUserName } from '../../services/user-profile.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zText, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** PATCH /v1/users/{userId}/name. */
export const updateName = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/name', 'Update name'))
  .input(z.object({ userId: zUid(), name: zText(128) }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(await updateUserName(ctx.deps.repos, ctx.actor, input.userId, input.name)),
  );
