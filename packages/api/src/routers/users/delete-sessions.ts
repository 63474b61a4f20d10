import { z } from 'zod';
import { deleteSessionsOf } from '../../services/sessions.ts';
import { requireUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** DELETE /v1/users/{userId}/sessions: signs the user out everywhere. */
export const deleteSessions = scopedProcedure('users.write')
  .meta(rest('DELETE', '/users/{userId}/sessions', 'Delete user sessions'))
  .input(z.object({ userId: zUid() }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await requireUser(ctx.deps.models, input.userId);
    await deleteSessionsOf(ctx.deps.models, input.userId);
  });
