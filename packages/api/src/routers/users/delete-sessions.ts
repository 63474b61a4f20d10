import { z } from 'zod';
import { deleteUserSessions } from '../../services/sessions.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** DELETE /v1/users/{userId}/sessions: signs the user out everywhere. */
export const deleteSessions = scopedProcedure('users.write')
  .meta(rest('DELETE', '/users/{userId}/sessions', 'Delete user sessions'))
  .input(z.object({ userId: zUid() }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await deleteUserSessions(ctx.deps.repos, ctx.actor, input.userId);
  });
