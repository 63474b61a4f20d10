import { z } from 'zod';
import { ZMfaType } from '../../dto/mfa.ts';
import { ZUser, toUserDto } from '../../dto/user.ts';
import { AppError } from '../../errors.ts';
import { requireRecentChallenge } from '../../middleware/mfa.ts';
import { throttleMfaCodes } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import {
  createTotpAuthenticator,
  deleteTotpAuthenticator,
  verifyTotpAuthenticator,
} from '../../services/mfa/totp.ts';
import { accountProcedure } from '../../trpc.ts';
import { zText } from '../../validation/params.ts';
import { zAuthenticatorType } from '../../validation/mfa.ts';

const PATH = '/account/mfa/authenticators/{type}';

/**
 * POST /v1/account/mfa/authenticators/{type}: a TOTP secret and its `otpauth://` URI, shown once
 * (200, as Appwrite). `TOTP` passes the case-insensitive whitelist but is an unknown type (400).
 */
export const createMFAAuthenticator = accountProcedure
  .meta(rest('POST', PATH, 'Create authenticator'))
  .input(z.object({ type: zAuthenticatorType() }))
  .output(ZMfaType)
  .mutation(({ ctx, input }) => {
    if (input.type !== 'totp') throw new AppError('general_argument_invalid', 'Unknown type.');
    return createTotpAuthenticator(ctx.deps, ctx.actor, ctx.user.userId);
  });

/** PUT /v1/account/mfa/authenticators/{type}: confirms the authenticator with a code (throttled). */
export const updateMFAAuthenticator = accountProcedure
  .meta(rest('PUT', PATH, 'Update authenticator (confirmation)'))
  .input(z.object({ type: zAuthenticatorType(), otp: zText(256) }))
  .use(({ ctx, next }) => throttleMfaCodes(ctx, () => next()))
  .output(ZUser)
  .mutation(async ({ ctx, input }) => {
    if (input.type !== 'totp') throw new AppError('user_authenticator_not_found');
    return toUserDto(await verifyTotpAuthenticator(ctx.deps, ctx.actor, ctx.user, input.otp));
  });

/** DELETE /v1/account/mfa/authenticators/{type}: needs a challenge completed in the last 30 minutes. */
export const deleteMFAAuthenticator = accountProcedure
  .meta(rest('DELETE', PATH, 'Delete authenticator'))
  .use(requireRecentChallenge)
  .input(z.object({ type: zAuthenticatorType() }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    if (input.type !== 'totp') throw new AppError('user_authenticator_not_found');
    await deleteTotpAuthenticator(ctx.deps, ctx.actor, ctx.user.userId);
  });
