import { type StoredToken } from '@roster/db';
import { verificationKind } from '@roster/jobs';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { createAccountTokenMail, useMailedToken } from './account-token-mail.ts';
import { assertRedirectUrl } from './redirect-url.ts';
import { getUser } from './users.ts';

/**
 * `POST /v1/account/verifications/email`, in Appwrite's order: a user without an email is 400
 * `user_email_not_found`, a verified one 409 `user_email_already_verified`; else a verification
 * token (1 h) and its email, the link going to `url` (the redirect allow-list).
 */
export async function requestEmailVerification(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'mail'>,
  actor: Actor,
  input: { userId: string; url: string },
): Promise<{ token: StoredToken; secret: string }> {
  // A parameter check, so before anything about the user (Appwrite validates params first).
  assertRedirectUrl(input.url, deps.config.redirectHosts);
  const user = await getUser(deps.repos, input.userId);
  if (!user.email) throw new AppError('user_email_not_found');
  if (user.emailVerification) throw new AppError('user_email_already_verified');
  return createAccountTokenMail(deps, actor, {
    user,
    kind: 'verification',
    url: input.url,
    mail: verificationKind,
  });
}

/**
 * `PUT /v1/account/verifications/email`: anyone holding the link (no session needed, as
 * Appwrite): unknown user 404 `user_not_found`, no unexpired verification token with this secret
 * 401 `user_invalid_token`; else the email is verified and the token used up.
 */
export async function confirmEmailVerification(
  deps: Pick<ApiDeps, 'repos'>,
  actor: Actor,
  input: { userId: string; secret: string },
): Promise<StoredToken> {
  const user = await getUser(deps.repos, input.userId);
  const token = await useMailedToken(deps, actor, { user, kind: 'verification', secret: input.secret });
  await deps.repos.users.markEmailVerified(user._id);
  return token;
}
