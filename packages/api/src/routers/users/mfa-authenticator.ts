import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { rest } from '../../openapi/meta.ts';
import { deleteTotpAuthenticator } from '../../services/mfa/totp.ts';
import { getUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { zAuthenticatorType } from '../../validation/mfa.ts';

/**
 * DELETE /v1/users/{userId}/mfa/authenticators/{type}: removes the user's TOTP authenticator, no
 * challenge needed (an API key). `TOTP` passes the whitelist but names no authenticator (404).
 */
export const deleteMFAAuthenticator = scopedProcedure('users.write')
  .meta(rest('DELETE', '/users/{userId}/mfa/authenticators/{type}', 'Delete authenticator'))
  .input(z.object({ userId: zUid(), type: zAuthenticatorType() }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    // An unknown user is 404 `user_not_found` first, whatever the type.
    await getUser(ctx.deps.repos, input.userId);
    if (input.type !== 'totp') throw new AppError('user_authenticator_not_found');
    await deleteTotpAuthenticator(ctx.deps, ctx.actor, input.userId);
  });
