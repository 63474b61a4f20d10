import { z } from 'zod';
import { ZToken, toTokenDto } from '../../dto/token.ts';
import { limitMailedTokens } from '../../middleware/rate-limit.ts';
import { createMailedToken } from '../../services/mailed-tokens.ts';
import { publicProcedure } from '../../trpc.ts';
import { zCustomId, zEmail, zLooseBoolean, zUrl } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

const magicUrlInput = z.object({
  userId: zCustomId(),
  email: zEmail(),
  url: zUrl().optional(),
  phrase: zLooseBoolean().optional(),
});

/** A magic URL token (POST /v1/account/tokens/magic-url, and Appwrite's older path beside it). */
function magicUrlToken(path: `/${string}`, summary: string) {
  return publicProcedure
    .meta(rest('POST', path, summary, { public: true }))
    .input(magicUrlInput)
    .use(async ({ ctx, input, next }) => {
      await limitMailedTokens(ctx, 'magicUrl', input.email);
      return next();
    })
    .output(ZToken)
    .mutation(async ({ ctx, input }) =>
      // The secret is in the email only (an API key never gets here: `public` scope).
      toTokenDto(
        await createMailedToken(ctx.deps, ctx.actor, {
          kind: 'magic-url',
          userId: input.userId,
          email: input.email,
          url: input.url,
          phrase: input.phrase ?? false,
        }),
      ),
    );
}

/**
 * POST /v1/account/tokens/magic-url: a guest (or a signed-in user) asks for a sign-in link by
 * email; the account is created when the address has none. Limited per address asked for and per
 * client address (docs/security.md#mailed-sign-ins).
 */
export const createMagicURLToken = magicUrlToken('/account/tokens/magic-url', 'Create magic URL token');

/** POST /v1/account/sessions/magic-url: Appwrite's older path of the same request. */
export const createMagicURLSession = magicUrlToken('/account/sessions/magic-url', 'Create magic URL session');

/** POST /v1/account/tokens/email: as the magic URL, with a 6-digit code valid 15 minutes. */
export const createEmailToken = publicProcedure
  .meta(rest('POST', '/account/tokens/email', 'Create email token (OTP)', { public: true }))
  .input(z.object({ userId: zCustomId(), email: zEmail(), phrase: zLooseBoolean().optional() }))
  .use(async ({ ctx, input, next }) => {
    await limitMailedTokens(ctx, 'email', input.email);
    return next();
  })
  .output(ZToken)
  .mutation(async ({ ctx, input }) =>
    toTokenDto(
      await createMailedToken(ctx.deps, ctx.actor, {
        kind: 'email',
        userId: input.userId,
        email: input.email,
        phrase: input.phrase ?? false,
      }),
    ),
  );
