import { z } from 'zod';
import { clearSessionCookies } from '../../services/session-cookies.ts';
import { deleteSessionsOf } from '../../services/sessions.ts';
import { accountProcedure } from '../../trpc.ts';
import { rest } from '../../openapi/meta.ts';

/** DELETE /v1/account/sessions: signs out everywhere, this device included. */
export const deleteSessions = accountProcedure
  .meta(rest('DELETE', '/account/sessions', 'Delete sessions'))
  .output(z.void())
  .mutation(async ({ ctx }) => {
    await deleteSessionsOf(ctx.deps.models, ctx.user.userId);
    clearSessionCookies(ctx);
  });
