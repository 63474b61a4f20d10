import { z } from 'zod';
import { deleteUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** DELETE /v1/users/{userId}: with the user's sessions and memberships; teams stay. */
export const deleteProcedure = scopedProcedure('users.write')
  .meta(rest('DELETE', '/users/{userId}', 'Delete user'))
  .input(z.object({ userId: zUid() }))
  .output(z.void())
  .mutation(({ ctx, input }) => deleteUser(ctx.deps.repos, ctx.actor, input.userId));
