import { z } from 'zod';
import { ZSessionList, toSessionDto } from '../../dto/session.ts';
import { listActiveSessions } from '../../services/sessions.ts';
import { requireUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/users/{userId}/sessions: the user's unexpired sessions, secrets blank. */
export const listSessions = scopedProcedure('users.read')
  .meta(rest('GET', '/users/{userId}/sessions', 'List user sessions'))
  .input(z.object({ userId: zUid() }))
  .output(ZSessionList)
  .query(async ({ ctx, input }) => {
    await requireUser(ctx.deps.models, input.userId);
    const sessions = await listActiveSessions(ctx.deps.models, input.userId);
    return {
      total: sessions.length,
      sessions: sessions.map((session) => toSessionDto(session, { current: false })),
    };
  });
