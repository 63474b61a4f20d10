import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { updateUserEmail } from '../../services/user-profile.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zEmail, zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** PATCH /v1/users/{userId}/email: another user's address is 409 `user_email_already_exists`. */
export const updateEmail = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/email', 'Update email'))
  .input(z.object({ userId: zUid(), email: zEmail() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(await updateUserEmail(ctx.deps.repos, ctx.actor, input.userId, input.email)),
  );
