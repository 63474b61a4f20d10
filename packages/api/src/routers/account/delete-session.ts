import { z } from 'zod';
import { clearSessionCookies } from '../../middleware/session-cookies.ts';
import { deleteUserSession } from '../../services/sessions.ts';
import { mfaAccountProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * DELETE /v1/account/sessions/{sessionId}: `current` (or the current session's id) signs out here
 * and clears the cookies; another id signs out another device. Allowed before the second MFA
 * factor (Appwrite's `mfa` group), so a user can give up a half-finished sign-in.
 */
export const deleteSession = mfaAccountProcedure
  .meta(rest('DELETE', '/account/sessions/{sessionId}', 'Delete session'))
  .input(z.object({ sessionId: zUid() }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    // A JWT caller has no current session (Appwrite: 404), only the one its token is bound to.
    const current = ctx.user.jwt ? '' : ctx.user.sessionId;
    const sessionId = input.sessionId === 'current' ? current : input.sessionId;
    await deleteUserSession(ctx.deps.repos, ctx.actor, ctx.user.userId, sessionId);
    if (current && sessionId === current) clearSessionCookies(ctx);
  });
