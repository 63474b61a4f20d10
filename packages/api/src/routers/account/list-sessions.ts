import { ZSessionList, toSessionDto } from '../../dto/session.ts';
import { listUserSessions } from '../../services/sessions.ts';
import { accountProcedure } from '../../trpc.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/account/sessions: the caller's unexpired sessions; `current` marks this one. */
export const listSessions = accountProcedure
  .meta(rest('GET', '/account/sessions', 'List sessions'))
  .output(ZSessionList)
  .query(async ({ ctx }) => {
    const sessions = await listUserSessions(ctx.deps.repos, ctx.user.userId);
    return {
      total: sessions.length,
      sessions: sessions.map((session) =>
        toSessionDto(session, { current: !ctx.user.jwt && session._id === ctx.user.sessionId }),
      ),
    };
  });
