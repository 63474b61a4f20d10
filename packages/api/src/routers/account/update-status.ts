import { ZUser, toUserDto } from '../../dto/user.ts';
import { clearSessionCookies } from '../../middleware/session-cookies.ts';
import { rest } from '../../openapi/meta.ts';
import { blockOwnAccount } from '../../services/user-profile.ts';
import { accountProcedure } from '../../trpc.ts';

/**
 * PATCH /v1/account/status: the user blocks themselves. The cookies are cleared; the sessions are
 * kept (as Appwrite) but no longer authenticate: the user's next request is 403 `user_blocked`.
 */
export const updateStatus = accountProcedure
  .meta(rest('PATCH', '/account/status', 'Update status'))
  .output(ZUser)
  .mutation(async ({ ctx }) => {
    const blocked = await blockOwnAccount(ctx.deps.repos, ctx.actor, ctx.user.userId);
    clearSessionCookies(ctx);
    return toUserDto(blocked);
  });
