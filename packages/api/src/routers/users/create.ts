import { z } from 'zod';
import { ZUser, toUsersApiUserDto } from '../../dto/user.ts';
import { createUser } from '../../services/users.ts';
import { scopedProcedure } from '../../trpc.ts';
import { zCustomId, zEmail, zPassword, zPhone, zText } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

const ZCreateUserInput = z.object({
  userId: zCustomId(),
  email: zEmail().optional(),
  phone: zPhone().optional(),
  password: zPassword().optional(),
  name: zText(128).optional(),
});

/** POST /v1/users: a taken id, email or phone is 409 `user_already_exists`. */
export const create = scopedProcedure('users.write')
  .meta(rest('POST', '/users', 'Create user'))
  .input(ZCreateUserInput)
  .output(ZUser)
  .mutation(async ({ ctx, input }) => toUsersApiUserDto(await createUser(ctx.deps.repos, input, ctx.actor)));
