import { z } from 'zod';
import { rest } from '../../openapi/meta.ts';
import { deleteOwnIdentity } from '../../services/identities.ts';
import { accountProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';

/** DELETE /v1/account/identities/{identityId}: one of the caller's own, else 404 `user_identity_not_found`. */
export const deleteIdentity = accountProcedure
  .meta(rest('DELETE', '/account/identities/{identityId}', 'Delete identity'))
  .input(z.object({ identityId: zUid() }))
  .output(z.void())
  .mutation(({ ctx, input }) =>
    deleteOwnIdentity(
      ctx.deps.repos,
      ctx.actor,
      { _id: ctx.user.userId, epoch: ctx.user.userEpoch },
      input.identityId,
    ),
  );
