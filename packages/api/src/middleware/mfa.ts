import { AppError } from '../errors.ts';
import { recentlyChallenged } from '../services/mfa/factors.ts';
import { type UserPrincipal } from '../auth/principal.ts';

/**
 * Appwrite's `mfaProtected` group: the session completed an MFA challenge in the last 30 minutes,
 * else 401 `user_challenge_required` (docs/api.md#mfa).
 */
export function requireRecentChallenge<T>({
  ctx,
  next,
}: {
  ctx: { user: UserPrincipal };
  next: () => Promise<T>;
}): Promise<T> {
  if (!recentlyChallenged(ctx.user.mfaUpdatedAt)) throw new AppError('user_challenge_required');
  return next();
}
