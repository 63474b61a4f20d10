import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { rest } from '../../openapi/meta.ts';
import { setUserVerification } from '../../services/user-admin.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zBoolean, zUid } from '../../validation/params.ts';

/** PATCH /v1/users/{userId}/verification: sets `emailVerification` (strict boolean; no email sent). */
export const updateEmailVerification = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/verification', 'Update email verification'))
  .input(z.object({ userId: zUid(), emailVerification: zBoolean() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(
      await setUserVerification(ctx.deps.repos, ctx.actor, input.userId, {
        emailVerification: input.emailVerification,
      }),
    ),
  );

/** PATCH /v1/users/{userId}/verification/phone: sets `phoneVerification` (strict boolean; no SMS). */
export const updatePhoneVerification = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/verification/phone', 'Update phone verification'))
  .input(z.object({ userId: zUid(), phoneVerification: zBoolean() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(
      await setUserVerification(ctx.deps.repos, ctx.actor, input.userId, {
        phoneVerification: input.phoneVerification,
      }),
    ),
  );
