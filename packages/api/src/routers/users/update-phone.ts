import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { rest } from '../../openapi/meta.ts';
import { setUserPhone } from '../../services/user-admin.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zPhoneOrEmpty, zUid } from '../../validation/params.ts';

/**
 * PATCH /v1/users/{userId}/phone: `number` (Appwrite's name) in E.164, or `""` to remove it; a
 * number that is anyone's already is 409 `user_target_already_exists`.
 */
export const updatePhone = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/phone', 'Update phone'))
  .input(z.object({ userId: zUid(), number: zPhoneOrEmpty() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(await setUserPhone(ctx.deps.repos, ctx.actor, input.userId, input.number)),
  );
