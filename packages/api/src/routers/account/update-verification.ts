import { type OpenApiMethod } from 'trpc-to-openapi';
import { z } from 'zod';
import { ZToken, toTokenDto } from '../../dto/token.ts';
import { limitSecretChecks } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import { confirmEmailVerification } from '../../services/email-verification.ts';
import { publicProcedure } from '../../trpc.ts';
import { zText, zUid } from '../../validation/params.ts';

/** The confirmation of an email verification at `path` (Appwrite keeps the old path as an alias). */
function verificationConfirmation(method: OpenApiMethod, path: `/${string}`, summary: string) {
  return publicProcedure
    .meta(rest(method, path, summary, { public: true }))
    .input(z.object({ userId: zUid(), secret: zText(256) }))
    .use(async ({ ctx, input, next }) => {
      await limitSecretChecks(ctx, 'verification', input.userId);
      return next();
    })
    .output(ZToken)
    .mutation(async ({ ctx, input }) =>
      toTokenDto(await confirmEmailVerification(ctx.deps, ctx.actor, input)),
    );
}

/**
 * PUT /v1/account/verifications/email: the `userId` and `secret` of the emailed link verify the
 * address; no session needed (the link may be opened anywhere), the secret works once.
 */
export const updateEmailVerification = verificationConfirmation(
  'PUT',
  '/account/verifications/email',
  'Update email verification',
);

/** PUT /v1/account/verification: Appwrite's deprecated name of the same confirmation. */
export const updateVerification = verificationConfirmation(
  'PUT',
  '/account/verification',
  'Update verification',
);
