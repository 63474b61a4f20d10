import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { updateUserPassword } from '../../services/user-profile.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zPassword, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * PATCH /v1/users/{userId}/password: ends every session of the user (unlike Appwrite, where they
 * stay valid: whoever knew the old password keeps no access).
 */
export const updatePassword = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/password', 'Update password'))
  .input(z.object({ userId: zUid(), password: zPassword() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(await updateUserPassword(ctx.deps.repos, ctx.actor, input.userId, input.password)),
  );
