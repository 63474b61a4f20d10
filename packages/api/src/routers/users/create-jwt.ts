import { z } from 'zod';
import { ZJwt } from '../../dto/jwt.ts';
import { createUserJwt } from '../../services/jwts.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';
import { zJwtOptions } from '../../validation/jwt-options.ts';

/**
 * POST /v1/users/{userId}/jwts: a JWT for a user, bound to one of their sessions (`sessionId`, or
 * `recent` for the latest) or to none (the default).
 */
export const createJWT = scopedProcedure('users.write')
  .meta(rest('POST', '/users/{userId}/jwts', 'Create user JWT'))
  .input(z.object({ userId: zUid(), sessionId: zUid().optional(), ...zJwtOptions }))
  .output(ZJwt)
  .mutation(({ ctx, input }) =>
    createUserJwt(ctx.deps, input.userId, input.sessionId ?? '', {
      duration: input.duration ?? 900,
      teams: input.teams ?? false,
    }),
  );
