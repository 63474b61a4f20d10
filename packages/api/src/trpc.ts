import { isDatabaseUnavailableError } from '@roster/db';
import { getTRPCErrorShape, initTRPC } from '@trpc/server';
import { type OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import { actorOf } from './auth/actor.ts';
import { hasScope, missingScopeMessage, type RouteScope } from './auth/principal.ts';
import { resolvePrincipal } from './auth/resolve-principal.ts';
import { type Context } from './context.ts';
import { AppError, errorTypeOf, ERROR_TYPES, toTRPCError } from './errors.ts';
import { appwriteValidationMessage } from './validation/appwrite-message.ts';

const t = initTRPC
  .meta<OpenApiMeta>()
  .context<Context>()
  .create({
    // Never send stacks; clients get the Appwrite error type and, for bugs, a request id to quote.
    isDev: false,
    errorFormatter({ shape, error, ctx }) {
      const type = errorTypeOf(error);
      const isBug = type === 'general_unknown';
      const message = isBug ? ERROR_TYPES.general_unknown.message : shape.message;
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          type,
          ...(isBug && ctx ? { requestId: ctx.requestId } : {}),
        },
      };
    },
  });

/**
 * tRPC's error JSON for a refusal made before tRPC runs (body limits, origins), shaped by the
 * formatter above like every other error of /trpc.
 */
export function refusalShape(error: AppError) {
  return getTRPCErrorShape({
    config: t._config,
    error: toTRPCError(error),
    type: 'unknown',
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
}

/**
 * Turns a thrown AppError, or an input that failed validation, into the TRPCError whose code
 * gives the right HTTP status. Both adapters then only see errors that carry an Appwrite type.
 */
const errorConversion = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause, code } = result.error;
  if (cause instanceof AppError) throw toTRPCError(cause);
  // Not a bug: the request can be retried once the database is back.
  if (isDatabaseUnavailableError(cause)) {
    throw toTRPCError(new AppError('general_service_unavailable', 'The database is unavailable.'));
  }
  if (cause instanceof ZodError && code === 'BAD_REQUEST') {
    throw toTRPCError(new AppError('general_argument_invalid', appwriteValidationMessage(cause)));
  }
  return result;
});

/**
 * Resolves the caller (API key, session or guest) once per call (auth/resolve-principal.ts), and
 * the actor that services receive in place of the request (auth/actor.ts).
 */
const withPrincipal = t.middleware(async ({ ctx, next }) => {
  const principal = await resolvePrincipal(ctx.deps, ctx.req);
  return next({ ctx: { principal, actor: actorOf(principal, ctx.req, ctx.requestId) } });
});

/**
 * After a mutation, wakes the event dispatcher: the events it recorded are committed by now. Only
 * latency depends on it (docs/events.md#dispatch), so it is not awaited and a failure is not the
 * caller's.
 */
const nudgeEvents = t.middleware(async ({ ctx, type, next }) => {
  const result = await next();
  const events = ctx.deps.events;
  if (type === 'mutation' && events) {
    events
      .nudge()
      .catch((error: unknown) => ctx.deps.logger.warn({ err: error }, 'event dispatcher not nudged'));
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** For infrastructure endpoints (health) that need no caller at all. */
export const infraProcedure = t.procedure.use(errorConversion);

const authed = infraProcedure.use(nudgeEvents).use(withPrincipal);

/**
 * A procedure callable only by principals holding `scope` (401 `general_unauthorized_scope`). A
 * session that still needs an MFA factor is then 401 `user_more_factors_required`, unless the
 * route is one of Appwrite's `mfa` group (`mfa: 'allowed'`: the factors, the challenges, signing
 * out), as Appwrite checks it after the scope and before anything else (docs/api.md#mfa).
 */
export function scopedProcedure(scope: RouteScope, options: { mfa?: 'allowed' } = {}) {
  return authed.use(({ ctx, next }) => {
    if (!hasScope(ctx.principal, scope)) {
      throw new AppError('general_unauthorized_scope', missingScopeMessage(ctx.principal, scope));
    }
    if (ctx.principal.kind === 'user' && ctx.principal.mfaRestricted && options.mfa !== 'allowed') {
      throw new AppError('user_more_factors_required');
    }
    return next();
  });
}

/** Guests and users, not API keys (Appwrite's `public` scope): sign-up, sign-in, accept. */
export const publicProcedure = scopedProcedure('public');
function signedInUser(options: { mfa?: 'allowed' } = {}) {
  return scopedProcedure('account', options).use(({ ctx, next }) => {
    if (ctx.principal.kind !== 'user') throw new AppError('general_unauthorized_scope');
    return next({ ctx: { user: ctx.principal } });
  });
}

/** A signed-in user acting on their own account. */
export const accountProcedure = signedInUser();
/** The same, also for a session that still needs an MFA factor (Appwrite's `mfa` group). */
export const mfaAccountProcedure = signedInUser({ mfa: 'allowed' });
