import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { rest } from '../../openapi/meta.ts';
import { setUserLabels } from '../../services/user-admin.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zLabels, zUid } from '../../validation/params.ts';

/** PUT /v1/users/{userId}/labels: replaces the labels (letters and digits only, deduplicated). */
export const updateLabels = scopedProcedure('users.write')
  .meta(rest('PUT', '/users/{userId}/labels', 'Update user labels'))
  .input(z.object({ userId: zUid(), labels: zLabels() }))
  .output(ZUser)
  .mutation(async ({ ctx, input }) =>
    toUsersApiUserDto(await setUserLabels(ctx.deps.repos, ctx.actor, input.userId, input.labels)),
  );
