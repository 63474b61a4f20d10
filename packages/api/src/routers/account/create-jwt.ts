import { z } from 'zod';
import { ZJwt } from '../../dto/jwt.ts';
import { limitJwts } from '../../middleware/rate-limit.ts';
import { createAccountJwt } from '../../services/jwts.ts';
import { accountProcedure } from '../../trpc.ts';
import { rest } from '../../openapi/meta.ts';
import { zJwtOptions } from '../../validation/jwt-options.ts';

/**
 * POST /v1/account/jwts: a JWT of the current session for `duration` seconds (default 900), to
 * hand to another backend (`X-Appwrite-JWT`); `teams: true` (Roster's) embeds the memberships.
 */
export const createJWT = accountProcedure
  .meta(rest('POST', '/account/jwts', 'Create JWT'))
  .use(async ({ ctx, next }) => {
    await limitJwts(ctx);
    return next();
  })
  .input(z.object(zJwtOptions).optional())
  .output(ZJwt)
  .mutation(({ ctx, input }) =>
    createAccountJwt(ctx.deps, ctx.user, {
      duration: input?.duration ?? 900,
      teams: input?.teams ?? false,
    }),
  );
