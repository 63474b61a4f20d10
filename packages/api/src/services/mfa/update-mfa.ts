import { type Repositories, type StoredUser } from '@roster/db';
import { type Actor } from '../../auth/actor.ts';
import { type UserPrincipal } from '../../auth/principal.ts';
import { updateMfaFields } from './totp.ts';

/**
 * `PATCH /v1/account/mfa`: turns MFA on or off. Turning it on adds the user's second factors to
 * the current session, as Appwrite, so the session that enables MFA is not locked out by it.
 */
export async function updateAccountMfa(
  repos: Repositories,
  actor: Actor,
  principal: UserPrincipal,
  mfa: boolean,
): Promise<StoredUser> {
  const user = await updateMfaFields(repos, actor, principal.userId, () =>
    repos.users.update(principal.userId, { mfa }),
  );
  if (mfa && principal.sessionId) {
    const factors = [
      ...(user.totpVerified ? ['totp'] : []),
      ...(user.email && user.emailVerification ? ['email'] : []),
      ...(user.phone && user.phoneVerification ? ['phone'] : []),
    ];
    if (factors.length > 0) await repos.sessions.addFactors(user._id, principal.sessionId, factors);
  }
  return user;
}
