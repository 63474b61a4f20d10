import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { rest } from '../../openapi/meta.ts';
import { setUserStatus } from '../../services/user-admin.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zLooseBoolean, zUid } from '../../validation/params.ts';

/**
 * PATCH /v1/users/{userId}/status: `false` blocks the user (every session and JWT of theirs is
 * 403 `user_blocked` from the next request on), `true` unblocks; a loose boolean, as Appwrite.
 */
export const updateStatus = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/status', 'Update user status'))
  .input(z.object({ userId: zUid(), status: zLooseBoolean() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(await setUserStatus(ctx.deps.repos, ctx.actor, input.userId, input.status)),
  );
