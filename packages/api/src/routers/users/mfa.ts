import { z } from 'zod';
import { ZMfaFactors } from '../../dto/mfa.ts';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { rest } from '../../openapi/meta.ts';
import { setUserMfa, userMfaFactors } from '../../services/mfa/user-mfa.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zBoolean, zUid } from '../../validation/params.ts';

/** PATCH /v1/users/{userId}/mfa: turns the user's MFA on or off (strict boolean). */
export const updateMFA = scopedProcedure('users.write')
  .meta(rest('PATCH', '/users/{userId}/mfa', 'Update MFA'))
  .input(z.object({ userId: zUid(), mfa: zBoolean() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(await setUserMfa(ctx.deps.repos, ctx.actor, input.userId, input.mfa)),
  );

/** GET /v1/users/{userId}/mfa/factors: the factors the user can be challenged with. */
export const listMFAFactors = scopedProcedure('users.read')
  .meta(rest('GET', '/users/{userId}/mfa/factors', 'List factors'))
  .input(z.object({ userId: zUid() }))
  .output(ZMfaFactors)
  .query(({ ctx, input }) => userMfaFactors(ctx.deps.repos, ctx.deps.config, input.userId));
