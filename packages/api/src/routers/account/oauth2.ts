import { z } from 'zod';
import { limitOAuth2 } from '../../middleware/rate-limit.ts';
import { setSessionCookies } from '../../middleware/session-cookies.ts';
import {
  callbackBaseOf,
  oauth2Deps,
  redirectTo,
  setFlowCookie,
  takeFlowCookie,
} from '../../oauth2/context.ts';
import { rest } from '../../openapi/meta.ts';
import { AppError } from '../../errors.ts';
import { completeOAuth2, startOAuth2 } from '../../services/oauth2-sign-in.ts';
import { publicProcedure } from '../../trpc.ts';

const zUrlParam = z.string().max(2048);
const zStartInput = z.object({
  provider: z.string().min(1).max(128),
  success: zUrlParam.optional(),
  failure: zUrlParam.optional(),
  scopes: z.array(z.string().max(4096)).max(100).optional(),
});

/**
 * The redirect to the provider's sign-in (Appwrite's 301): a flow bound to this browser by a
 * cookie, with state, PKCE and nonce. Guests and signed-in users (who link the provider).
 */
function startRoute(path: `/${string}`, summary: string, token: boolean) {
  return publicProcedure
    .meta(rest('GET', path, summary, { public: true }))
    .input(zStartInput)
    .output(z.void())
    .query(async ({ ctx, input }) => {
      await limitOAuth2(ctx, 'start');
      const started = await startOAuth2(oauth2Deps(ctx.deps), ctx.actor, input, {
        token,
        callbackBase: callbackBaseOf(ctx),
      });
      setFlowCookie(ctx, started.state, started.binder);
      redirectTo(ctx, started.location);
    });
}

/** GET /v1/account/sessions/oauth2/{provider}: sign in (or link) with the provider, then a session. */
export const createOAuth2Session = startRoute(
  '/account/sessions/oauth2/{provider}',
  'Create OAuth2 session',
  false,
);

/** GET /v1/account/tokens/oauth2/{provider}: the same, ending with `userId` and `secret` on the success URL. */
export const createOAuth2Token = startRoute('/account/tokens/oauth2/{provider}', 'Create OAuth2 token', true);

/**
 * GET /v1/account/sessions/oauth2/callback/{provider}/{projectId}: where the provider sends the
 * browser back. Completes the sign-in at once (Appwrite redirects to a `/redirect` route first)
 * and redirects to the flow's success URL, or its failure URL with `error`.
 */
export const oauth2Callback = publicProcedure
  .meta(
    rest('GET', '/account/sessions/oauth2/callback/{provider}/{projectId}', 'OAuth2 callback', {
      public: true,
    }),
  )
  .input(
    z.object({
      provider: z.string().min(1).max(128),
      projectId: z.string().min(1).max(128),
      state: z.string().min(1).max(2048),
      code: z.string().max(2048).optional(),
      iss: z.string().max(2048).optional(),
      error: z.string().max(2048).optional(),
      error_description: z.string().max(2048).optional(),
    }),
  )
  .output(z.void())
  .query(async ({ ctx, input }) => {
    await limitOAuth2(ctx, 'callback');
    if (input.projectId !== ctx.deps.config.projectId) throw new AppError('general_route_not_found');
    const { provider, projectId: _projectId, state, code, error, error_description, ...rest } = input;
    const query: Record<string, string> = { state };
    for (const [name, value] of Object.entries({ code, error, error_description, ...rest })) {
      if (value !== undefined) query[name] = value;
    }
    const result = await completeOAuth2(
      oauth2Deps(ctx.deps),
      ctx.actor,
      {
        provider,
        state,
        code,
        error,
        errorDescription: error_description,
        query,
        binder: takeFlowCookie(ctx, state),
      },
      callbackBaseOf(ctx),
    );
    if (result.kind === 'session') setSessionCookies(ctx, result.opened.token, result.opened.session.expire);
    redirectTo(ctx, result.location);
  });

/**
 * GET /v1/account/oauth2/providers (Roster's): the configured providers, for sign-in buttons.
 * Their ids are what `createOAuth2Session` takes; nothing secret is listed.
 */
export const listOAuth2Providers = publicProcedure
  .meta(rest('GET', '/account/oauth2/providers', 'List OAuth2 providers (Roster)', { public: true }))
  .input(z.object({}).optional())
  .output(
    z.object({
      total: z.number().int(),
      providers: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  )
  .query(({ ctx }) => {
    const providers = (ctx.deps.config.oauth2?.providers ?? []).map(({ id, name }) => ({ id, name }));
    return { total: providers.length, providers };
  });
