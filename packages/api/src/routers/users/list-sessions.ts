import { z } from 'zod';
import { ZSessionList, toSessionDto } from '../../dto/session.ts';
import { listUserSessions } from '../../services/sessions.ts';
import { getUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/users/{userId}/sessions: the user's unexpired sessions, secrets blank. */
export const listSessions = scopedProcedure('users.read')
  .meta(rest('GET', '/users/{userId}/sessions', 'List user sessions'))
  .input(z.object({ userId: zUid() }))
  .output(ZSessionList)
  .query(async ({ ctx, input }) => {
    await getUser(ctx.deps.repos, input.userId);
    const sessions = await listUserSessions(ctx.deps.repos, input.userId);
    return {
      total: sessions.length,
      sessions: sessions.map((session) => toSessionDto(session, { current: false })),
    };
  });
