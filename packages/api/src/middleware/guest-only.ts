import { AppError } from '../errors.ts';
import { publicProcedure } from '../trpc.ts';

/**
 * Sign-up and sign-in: guests only. A caller with a session gets 401
 * `user_session_already_exists`, as Appwrite's `session` route group does.
 */
export const guestOnlyProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.principal.kind === 'user') throw new AppError('user_session_already_exists');
  return next();
});
