import { z } from 'zod';
import { deleteUserSession } from '../../services/sessions.ts';
import { getUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** DELETE /v1/users/{userId}/sessions/{sessionId}. */
export const deleteSession = scopedProcedure('users.write')
  .meta(rest('DELETE', '/users/{userId}/sessions/{sessionId}', 'Delete user session'))
  .input(z.object({ userId: zUid(), sessionId: zUid() }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await getUser(ctx.deps.repos, input.userId);
    await deleteUserSession(ctx.deps.repos, ctx.actor, input.userId, input.sessionId);
  });
