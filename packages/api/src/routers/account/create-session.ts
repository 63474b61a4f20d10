import { type OpenApiMethod } from 'trpc-to-openapi';
import { z } from 'zod';
import { ZSession, toSessionDto } from '../../dto/session.ts';
import { guestOnlyProcedure } from '../../middleware/guest-only.ts';
import { throttleTokenSignIn } from '../../middleware/rate-limit.ts';
import { setSessionCookies } from '../../middleware/session-cookies.ts';
import { signInWithToken } from '../../services/tokens.ts';
import { zCustomId, zText } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** A token → session exchange at `path` (Appwrite keeps a deprecated route beside the current one). */
function tokenSession(method: OpenApiMethod, path: `/${string}`, summary: string) {
  return guestOnlyProcedure
    .meta(rest(method, path, summary, { public: true }))
    .input(z.object({ userId: zCustomId(), secret: zText(256) }))
    .use(({ ctx, input, next }) => throttleTokenSignIn(ctx, input.userId, () => next()))
    .output(ZSession)
    .mutation(async ({ ctx, input }) => {
      const { session, token } = await signInWithToken(ctx.deps, ctx.actor, input);
      setSessionCookies(ctx, token, session.expire);
      return toSessionDto(session, { current: true });
    });
}

/**
 * POST /v1/account/sessions/token: a token (made by `POST /v1/users/{userId}/tokens`, or mailed
 * as a magic URL or a code) for a session, with its cookies. Throttled like a sign-in, per user.
 */
export const createSession = tokenSession('POST', '/account/sessions/token', 'Create session');

/** PUT /v1/account/sessions/magic-url: Appwrite's deprecated name of the same exchange. */
export const updateMagicURLSession = tokenSession(
  'PUT',
  '/account/sessions/magic-url',
  'Update magic URL session',
);
