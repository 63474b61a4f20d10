import { z } from 'zod';
import { ZToken, toTokenDto } from '../../dto/token.ts';
import { limitSecretChecks } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import { completePasswordRecovery } from '../../services/password-recovery.ts';
import { publicProcedure } from '../../trpc.ts';
import { zPassword, zText, zUid } from '../../validation/params.ts';

/**
 * PUT /v1/account/recovery: the `userId` and `secret` of the emailed link set a new `password`;
 * every session of the user ends and the secret works once.
 */
export const updateRecovery = publicProcedure
  .meta(rest('PUT', '/account/recovery', 'Update password recovery', { public: true }))
  .input(z.object({ userId: zUid(), secret: zText(256), password: zPassword() }))
  .use(async ({ ctx, input, next }) => {
    await limitSecretChecks(ctx, 'recovery', input.userId);
    return next();
  })
  .output(ZToken)
  .mutation(async ({ ctx, input }) => toTokenDto(await completePasswordRecovery(ctx.deps, ctx.actor, input)));
