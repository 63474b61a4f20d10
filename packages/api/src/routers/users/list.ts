import { z } from 'zod';
import { ZUserList } from '../../dto/user.ts';
import { listUsers } from '../../services/user-list.ts';
import { scopedProcedure } from '../../trpc.ts';
import { listParams } from '../../validation/list-params.ts';

export const ZListUsersInput = z.object(listParams());

/** GET /v1/users: every user of the project (API keys with `users.read`). */
export const list = scopedProcedure('users.read')
  .input(ZListUsersInput)
  .output(ZUserList)
  .query(({ ctx, input }) => listUsers(ctx.deps.models, input));
