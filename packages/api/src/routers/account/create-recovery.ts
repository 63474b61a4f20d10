import { z } from 'zod';
import { ZToken, toTokenDto } from '../../dto/token.ts';
import { limitRecoveryEmails } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import { requestPasswordRecovery } from '../../services/password-recovery.ts';
import { publicProcedure } from '../../trpc.ts';
import { zEmail, zUrl } from '../../validation/params.ts';

/**
 * POST /v1/account/recovery: mails the account of `email` a link (to `url`, on the redirect
 * allow-list) to set a new password; the token lasts an hour. Guests and users alike.
 */
export const createRecovery = publicProcedure
  .meta(rest('POST', '/account/recovery', 'Create password recovery', { public: true }))
  .input(z.object({ email: zEmail(), url: zUrl() }))
  .use(async ({ ctx, input, next }) => {
    await limitRecoveryEmails(ctx, input.email, input.url);
    return next();
  })
  .output(ZToken)
  .mutation(async ({ ctx, input }) => {
    const { token } = await requestPasswordRecovery(ctx.deps, ctx.actor, input);
    // The secret is in the email only: whoever asks never sees it.
    return toTokenDto(token);
  });
