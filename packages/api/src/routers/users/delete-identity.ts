import { z } from 'zod';
import { rest } from '../../openapi/meta.ts';
import { deleteAnyIdentity } from '../../services/identities.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';

/** DELETE /v1/users/identities/{identityId}: any user's identity, else 404 `user_identity_not_found`. */
export const deleteIdentity = scopedProcedure('users.write')
  .meta(rest('DELETE', '/users/identities/{identityId}', 'Delete identity'))
  .input(z.object({ identityId: zUid() }))
  .output(z.void())
  .mutation(({ ctx, input }) => deleteAnyIdentity(ctx.deps.repos, ctx.actor, input.identityId));
