import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { getUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/users/{userId}. */
export const get = scopedProcedure('users.read')
  .meta(rest('GET', '/users/{userId}', 'Get user'))
  .input(z.object({ userId: zUid() }))
  .output(ZUser)
  .query(async ({ ctx, input }) => toUsersApiUserDto(await getUser(ctx.deps.repos, input.userId)));
