import { z } from 'zod';
import { ZIdentityList } from '../../dto/identity.ts';
import { rest } from '../../openapi/meta.ts';
import { listOwnIdentities } from '../../services/identities.ts';
import { accountProcedure } from '../../trpc.ts';
import { zLooseBoolean, zQueries } from '../../validation/params.ts';

/** GET /v1/account/identities: the signed-in user's sign-in provider links (none until OIDC sign-in). */
export const listIdentities = accountProcedure
  .meta(rest('GET', '/account/identities', 'List identities'))
  .input(z.object({ queries: zQueries().optional(), total: zLooseBoolean().optional() }))
  .output(ZIdentityList)
  .query(({ ctx, input }) =>
    listOwnIdentities(ctx.deps.repos, { _id: ctx.user.userId, epoch: ctx.user.userEpoch }, input),
  );
