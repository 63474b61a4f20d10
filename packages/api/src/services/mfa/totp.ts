import { type Repositories, type StoredUser } from '@roster/db';
import { type Actor } from '../../auth/actor.ts';
import { type UserPrincipal } from '../../auth/principal.ts';
import { type ApiConfig } from '../../deps.ts';
import { toUserDto } from '../../dto/user.ts';
import { AppError } from '../../errors.ts';
import { byId, recordEvent } from '../../events/record.ts';
import { encryptSecret } from '../../lib/encryption.ts';
import { generateTotpSecret, totpMatches, totpStep, totpUri } from '../../lib/totp.ts';
import { getUser } from '../users.ts';
import { totpSecretOf } from './secrets.ts';

interface Deps {
  repos: Repositories;
  config: Pick<ApiConfig, 'secretKey' | 'projectName'>;
}

/** Appwrite's event of every change of a user's MFA settings. */
export const mfaUpdate = (userId: string) => ({
  template: 'users.[userId].update.mfa',
  params: { userId },
  target: byId('users', userId),
});

/** Changes a user's MFA fields, recording `users.[userId].update.mfa`; 404 when the user is gone. */
export async function updateMfaFields(
  repos: Repositories,
  by: Actor | undefined,
  userId: string,
  change: () => Promise<StoredUser | null>,
): Promise<StoredUser> {
  const updated = await recordEvent(repos, by, mfaUpdate(userId), change, (user) =>
    user ? { payload: toUserDto(user) } : null,
  );
  if (!updated) throw new AppError('user_not_found');
  return updated;
}

/**
 * `POST /v1/account/mfa/authenticators/totp`: a new secret and its `otpauth://` URI (for a QR
 * code), shown this once. A verified authenticator is 409; an unverified one is replaced.
 */
export async function createTotpAuthenticator(
  deps: Deps,
  actor: Actor,
  userId: string,
): Promise<{ secret: string; uri: string }> {
  const user = await getUser(deps.repos, userId);
  if (user.totpVerified) throw new AppError('user_authenticator_already_verified');
  const secret = generateTotpSecret();
  const totpSecret = encryptSecret(deps.config.secretKey, secret);
  await updateMfaFields(deps.repos, actor, userId, () =>
    deps.repos.users.update(userId, { totpSecret, totpVerified: false }),
  );
  // Appwrite labels with the email; a user without one is named by their phone, else their id.
  const label = user.email || user.phone || user._id;
  return { secret, uri: totpUri(secret, deps.config.projectName, label) };
}

/**
 * Whether `otp` is the user's current TOTP code, used once: the 30-second step is claimed, so the
 * same code (or any other of that step) is refused afterwards (Appwrite accepts a replay).
 */
export async function useTotpCode(deps: Deps, user: StoredUser, otp: string): Promise<boolean> {
  const secret = totpSecretOf(deps.config.secretKey, user);
  const now = Date.now();
  if (!secret || !totpMatches(secret, otp, now)) return false;
  return deps.repos.claims.claim(`totp:${user._id}:${totpStep(now)}`, 'mfa');
}

/**
 * `PUT /v1/account/mfa/authenticators/totp`: confirms the authenticator with a code; the session
 * that did so gains the `totp` factor.
 */
export async function verifyTotpAuthenticator(
  deps: Deps,
  actor: Actor,
  principal: UserPrincipal,
  otp: string,
): Promise<StoredUser> {
  const user = await getUser(deps.repos, principal.userId);
  if (!user.totpSecret) throw new AppError('user_authenticator_not_found');
  if (user.totpVerified) throw new AppError('user_authenticator_already_verified');
  if (!(await useTotpCode(deps, user, otp))) throw new AppError('user_invalid_token');
  const updated = await updateMfaFields(deps.repos, actor, user._id, () =>
    deps.repos.users.update(user._id, { totpVerified: true }),
  );
  if (principal.sessionId) await deps.repos.sessions.addFactors(user._id, principal.sessionId, ['totp']);
  return updated;
}

/** `DELETE /v1/account/mfa/authenticators/totp` (the route checks the recent challenge). */
export async function deleteTotpAuthenticator(deps: Deps, actor: Actor, userId: string): Promise<void> {
  const user = await getUser(deps.repos, userId);
  if (!user.totpSecret) throw new AppError('user_authenticator_not_found');
  await updateMfaFields(deps.repos, actor, userId, () => deps.repos.users.clearTotp(userId));
}
