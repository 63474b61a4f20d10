import { z } from 'zod';
import { ZSession, toSessionDto } from '../../dto/session.ts';
import { guestOnlyProcedure } from '../../middleware/guest-only.ts';
import { throttleSignIn } from '../../middleware/rate-limit.ts';
import { setSessionCookies } from '../../middleware/session-cookies.ts';
import { signInWithEmailPassword } from '../../services/sign-in.ts';
import { zEmail, zPassword } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * POST /v1/account/sessions/email: sets the session cookies (and `X-Fallback-Cookies` for
 * cross-site callers). The returned `secret` is blank: clients hold the session in cookies.
 * Throttled per account and address, with a back-off on consecutive failures.
 */
export const createEmailPasswordSession = guestOnlyProcedure
  .meta(rest('POST', '/account/sessions/email', 'Create email password session', { public: true }))
  .input(z.object({ email: zEmail(), password: zPassword() }))
  .use(({ ctx, input, next }) => throttleSignIn(ctx, input.email, () => next()))
  .output(ZSession)
  .mutation(async ({ ctx, input }) => {
    const { session, token } = await signInWithEmailPassword(ctx.deps, ctx.actor, input);
    setSessionCookies(ctx, token, session.expire);
    return toSessionDto(session, { current: true });
  });
