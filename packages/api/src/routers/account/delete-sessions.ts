import { z } from 'zod';
import { clearSessionCookies } from '../../middleware/session-cookies.ts';
import { signOutEverywhere } from '../../services/sessions.ts';
import { accountProcedure } from '../../trpc.ts';
import { rest } from '../../openapi/meta.ts';

/** DELETE /v1/account/sessions: signs out everywhere, this device included. */
export const deleteSessions = accountProcedure
  .meta(rest('DELETE', '/account/sessions', 'Delete sessions'))
  .output(z.void())
  .mutation(async ({ ctx }) => {
    await signOutEverywhere(ctx.deps.repos, ctx.actor, ctx.user.userId, ctx.user.sessionId);
    clearSessionCookies(ctx);
  });
