import { z } from 'zod';
import { ZUserList } from '../../dto/user.ts';
import { listUsers } from '../../services/user-list.ts';
import { scopedProcedure } from '../../trpc.ts';
import { listParams } from '../../validation/list-params.ts';
import { rest } from '../../openapi/meta.ts';

const ZListUsersInput = z.object(listParams());

/** GET /v1/users: every user of the project (API keys with `users.read`). */
export const list = scopedProcedure('users.read')
  .meta(rest('GET', '/users', 'List users'))
  .input(ZListUsersInput)
  .output(ZUserList)
  .query(({ ctx, input }) => listUsers(ctx.deps.repos, input));
