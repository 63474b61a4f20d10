import { z } from 'zod';
import { ZSession, toSessionDto } from '../../dto/session.ts';
import { createServerSession } from '../../services/sessions.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * POST /v1/users/{userId}/sessions: Appwrite's server-side-rendering pattern. `secret` is the
 * token that `X-Appwrite-Session` and the `a_session_<project>` cookie accept.
 */
export const createSession = scopedProcedure('users.write')
  .meta(rest('POST', '/users/{userId}/sessions', 'Create session'))
  .input(z.object({ userId: zUid() }))
  .output(ZSession)
  .mutation(async ({ ctx, input }) => {
    const { session, token } = await createServerSession(ctx.deps, ctx.actor, input.userId);
    return toSessionDto(session, { current: false, secret: token });
  });
