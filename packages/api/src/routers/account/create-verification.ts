import { type OpenApiMethod } from 'trpc-to-openapi';
import { z } from 'zod';
import { ZToken, toTokenDto } from '../../dto/token.ts';
import { limitVerificationEmails } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import { requestEmailVerification } from '../../services/email-verification.ts';
import { accountProcedure } from '../../trpc.ts';
import { zUrl } from '../../validation/params.ts';

/** The request of a verification email at `path` (Appwrite keeps the old path as an alias). */
function verificationRequest(method: OpenApiMethod, path: `/${string}`, summary: string) {
  return accountProcedure
    .meta(rest(method, path, summary))
    .input(z.object({ url: zUrl() }))
    .use(async ({ ctx, input, next }) => {
      await limitVerificationEmails(ctx, input.url);
      return next();
    })
    .output(ZToken)
    .mutation(async ({ ctx, input }) => {
      const { token } = await requestEmailVerification(ctx.deps, ctx.actor, {
        userId: ctx.user.userId,
        url: input.url,
      });
      // The secret is in the email only (a session caller never sees it, as Appwrite).
      return toTokenDto(token);
    });
}

/**
 * POST /v1/account/verifications/email: mails the signed-in user a link (to `url`, on the redirect
 * allow-list) that verifies their address; the token lasts an hour.
 */
export const createEmailVerification = verificationRequest(
  'POST',
  '/account/verifications/email',
  'Create email verification',
);

/** POST /v1/account/verification: Appwrite's deprecated name of the same request. */
export const createVerification = verificationRequest('POST', '/account/verification', 'Create verification');
