import { ZUser, toUserDto } from '../../dto/user.ts';
import { requireUser } from '../../services/users.ts';
import { accountProcedure } from '../../trpc.ts';

/** GET /v1/account: the signed-in user. */
export const get = accountProcedure
  .output(ZUser)
  .query(async ({ ctx }) => toUserDto(await requireUser(ctx.deps.models, ctx.user.userId)));
