import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { isImportedPassword, verifyStoredPassword } from '../lib/password-hashes/verify.ts';
import { hashPassword, verifyPassword } from '../lib/passwords.ts';
import { alertNewSession } from './session-alert.ts';
import { openSession, type OpenedSession } from './sessions.ts';

let standInHash: Promise<string> | undefined;

/**
 * Checks an email and password and opens a session (Appwrite's email-password session); the
 * procedure sets its cookies. Unknown email, no password set or a wrong password are all 401
 * `user_invalid_credentials`; a blocked user (checked after the password, as Appwrite does) is
 * 401 `user_blocked`.
 */
export async function signInWithEmailPassword(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'mail'>,
  actor: Actor,
  input: { email: string; password: string },
): Promise<OpenedSession> {
  const user = await deps.repos.users.byEmail(input.email);
  // Without a user, verify against a stand-in hash anyway, so that timing does not tell which
  // emails have accounts.
  const valid = user?.passwordHash
    ? await verifyStoredPassword(user, input.password)
    : await verifyPassword(await (standInHash ??= hashPassword('stand-in password')), input.password);
  if (!user?.passwordHash || !valid) throw new AppError('user_invalid_credentials');
  if (!user.status) throw new AppError('user_blocked');
  const verified = user.passwordHash;
  const imported = isImportedPassword(user);
  // An imported hash (md5, bcrypt, …) becomes Roster's argon2id of the same password.
  if (imported) await deps.repos.users.rehashPassword(user._id, verified, await hashPassword(input.password));
  // argon2 takes a while: a password change, a cleared password (an accepted invitation) or a
  // deletion that ran meanwhile must not be outlived by this session (sessions.open re-checks).
  // A rehash (this sign-in's or a concurrent one's) changes the hash but not `passwordUpdate`.
  const opened = await openSession(deps.repos, {
    user,
    stillValid: (now) =>
      now.passwordHash === verified ||
      (imported && !!now.passwordHash && now.passwordUpdate?.getTime() === user.passwordUpdate?.getTime()),
    lostRace: 'user_invalid_credentials',
    durationSeconds: deps.config.sessionDurationSeconds,
    provider: 'email',
    providerUid: input.email.trim().toLowerCase(),
    factors: ['password'],
    client: actor,
    by: actor,
  });
  await alertNewSession(deps, actor, user, opened.session);
  return opened;
}
