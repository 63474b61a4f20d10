import { z } from 'zod';
import { ZToken, toTokenDto } from '../../dto/token.ts';
import { createUserToken } from '../../services/tokens.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

const LENGTH_TEXT = 'Value must be a valid range between 4 and 128';
const EXPIRE_TEXT = 'Value must be a valid range between 60 and 31,536,000';

/**
 * POST /v1/users/{userId}/tokens: a single-use secret for a sign-in flow of the caller's own
 * (exchanged with `POST /v1/account/sessions/token`). The secret is in this response only.
 */
export const createToken = scopedProcedure('users.write')
  .meta(rest('POST', '/users/{userId}/tokens', 'Create token'))
  .input(
    z.object({
      userId: zUid(),
      length: z.number(LENGTH_TEXT).int(LENGTH_TEXT).min(4, LENGTH_TEXT).max(128, LENGTH_TEXT).default(6),
      expire: z
        .number(EXPIRE_TEXT)
        .int(EXPIRE_TEXT)
        .min(60, EXPIRE_TEXT)
        .max(31_536_000, EXPIRE_TEXT)
        .default(900),
    }),
  )
  .output(ZToken)
  .mutation(async ({ ctx, input }) => {
    const { token, secret } = await createUserToken(ctx.deps, ctx.actor, {
      userId: input.userId,
      length: input.length,
      expireSeconds: input.expire,
    });
    return toTokenDto(token, secret);
  });
