import { ZUser, toUserDto } from '../../dto/user.ts';
import { getUser } from '../../services/users.ts';
import { accountProcedure } from '../../trpc.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/account: the signed-in user. */
export const get = accountProcedure
  .meta(rest('GET', '/account', 'Get account'))
  .output(ZUser)
  .query(async ({ ctx }) => toUserDto(await getUser(ctx.deps.repos, ctx.user.userId)));
