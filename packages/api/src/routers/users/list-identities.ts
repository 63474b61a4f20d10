import { z } from 'zod';
import { ZIdentityList } from '../../dto/identity.ts';
import { rest } from '../../openapi/meta.ts';
import { listAllIdentities } from '../../services/identities.ts';
import { scopedProcedure } from '../../trpc.ts';
import { listParams } from '../../validation/list-params.ts';

/** GET /v1/users/identities: every user's sign-in provider links, with queries and search. */
export const listIdentities = scopedProcedure('users.read')
  .meta(rest('GET', '/users/identities', 'List identities'))
  .input(z.object(listParams()))
  .output(ZIdentityList)
  .query(({ ctx, input }) => listAllIdentities(ctx.deps.repos, input));
