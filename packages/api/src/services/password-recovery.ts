import { type StoredToken } from '@roster/db';
import { recoveryKind } from '@roster/jobs';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { createAccountTokenMail, useMailedToken } from './account-token-mail.ts';
import { assertRedirectUrl } from './redirect-url.ts';
import { updateUserPassword } from './user-profile.ts';
import { getUser } from './users.ts';

/**
 * `POST /v1/account/recovery`, in Appwrite's order: the redirect `url` (400), no user with that
 * address 404 `user_not_found` (Appwrite reveals whether an address has an account here, and so
 * does Roster: docs/security.md#email-verification-and-password-recovery), a blocked user 403 `user_blocked`; else a
 * recovery token (1 h) and its email to the account's address.
 */
export async function requestPasswordRecovery(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'mail'>,
  actor: Actor,
  input: { email: string; url: string },
): Promise<{ token: StoredToken; secret: string }> {
  // A parameter check, so before anything about the user (Appwrite validates params first).
  assertRedirectUrl(input.url, deps.config.redirectHosts);
  const user = await deps.repos.users.byEmail(input.email.toLowerCase());
  if (!user) throw new AppError('user_not_found');
  if (!user.status) throw new AppError('user_blocked');
  return createAccountTokenMail(deps, actor, { user, kind: 'recovery', url: input.url, mail: recoveryKind });
}

/**
 * `PUT /v1/account/recovery`: unknown user 404 `user_not_found`, no unexpired recovery token with
 * this secret 401 `user_invalid_token`; else the token is used up (once, whatever the
 * concurrency), the password set, the email counted as verified (the link came to it, as
 * Appwrite) and every session of the user ended.
 */
export async function completePasswordRecovery(
  deps: Pick<ApiDeps, 'repos'>,
  actor: Actor,
  input: { userId: string; secret: string; password: string },
): Promise<StoredToken> {
  const { repos } = deps;
  const user = await getUser(repos, input.userId);
  const token = await useMailedToken(deps, actor, { user, kind: 'recovery', secret: input.secret });
  // No `keepSession`: all the user's sessions end (Appwrite's `invalidateSessions`).
  await updateUserPassword(repos, actor, user._id, input.password);
  await repos.users.markEmailVerified(user._id);
  return token;
}
