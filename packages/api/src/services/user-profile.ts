import { type Repositories, type StoredUser, type UserChanges } from '@roster/db';
import { toUserDto } from '../dto/user.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent, type EventSource } from '../events/record.ts';
import { hashPassword, verifyPassword } from '../lib/passwords.ts';
import { parsePrefs, serializePrefs } from '../lib/prefs.ts';
import { getUser } from './users.ts';

/** The event of a change of one user's `attribute` (users.[userId].update.<attribute>). */
const userUpdate = (attribute: string, userId: string) => ({
  template: `users.[userId].update.${attribute}`,
  params: { userId },
  target: byId('users', userId),
});

/** Changes fields of one user and returns it as updated, or 404 `user_not_found`. */
async function updateUser(
  repos: Repositories,
  by: EventSource,
  attribute: string,
  userId: string,
  changes: UserChanges,
): Promise<StoredUser> {
  const updated = await recordEvent(
    repos,
    by,
    userUpdate(attribute, userId),
    () => repos.users.update(userId, changes),
    (user) => (user ? { payload: attribute === 'prefs' ? parsePrefs(user.prefs) : toUserDto(user) } : null),
  );
  if (!updated) throw new AppError('user_not_found');
  return updated;
}

export function updateUserName(
  repos: Repositories,
  by: EventSource,
  userId: string,
  name: string,
): Promise<StoredUser> {
  return updateUser(repos, by, 'name', userId, { name });
}

/**
 * Changes a user's email; another user's address is 409 `user_email_already_exists`. The unique
 * index on `emailLower` is what refuses a collision, but an update that collides fails with code
 * 11000 on MongoDB and code 1 on FerretDB (docs/database.md), so the error code cannot say why.
 * After a failed update we look again: if someone else now owns the address, that was the cause.
 * As in Appwrite, the new address is unverified.
 */
export async function updateUserEmail(
  repos: Repositories,
  by: EventSource,
  userId: string,
  email: string,
): Promise<StoredUser> {
  const emailLower = email.toLowerCase();
  const takenByOther = () => repos.users.emailTakenByOther(emailLower, userId);
  if (await takenByOther()) throw new AppError('user_email_already_exists');
  try {
    return await updateUser(repos, by, 'email', userId, { email, emailLower, emailVerification: false });
  } catch (error) {
    if (!(error instanceof AppError) && (await takenByOther())) {
      throw new AppError('user_email_already_exists');
    }
    throw error;
  }
}

/**
 * Sets a new argon2id password hash and ends the user's sessions, all of them or all but
 * `keepSession` (the caller's own): whoever knew the old password loses what it gave them (review
 * finding 11). The sessions go after the new hash is stored, so a sign-in that verified the old
 * password meanwhile sees the change and drops its session (`sessions.open`). `expectedHash`
 * makes the write conditional on the password checked by the caller (`null`: none set), so a
 * password cleared or changed meanwhile is not overwritten (`users.setPassword`).
 */
export async function updateUserPassword(
  repos: Repositories,
  by: EventSource,
  userId: string,
  password: string,
  options: { keepSession?: string | undefined; expectedHash?: string | null } = {},
): Promise<StoredUser> {
  const passwordHash = await hashPassword(password);
  const updated = await recordEvent(
    repos,
    by,
    userUpdate('password', userId),
    () =>
      repos.users.setPassword(
        userId,
        passwordHash,
        options.expectedHash === undefined ? {} : { expectedHash: options.expectedHash },
      ),
    (user) => (user ? { payload: toUserDto(user) } : null),
  );
  if (!updated) {
    if (options.expectedHash === undefined) throw new AppError('user_not_found');
    throw new AppError('user_invalid_credentials', 'Invalid credentials. Please check the old password.');
  }
  // Part of the password change: no session events of their own (as Appwrite's cascades).
  await repos.sessions.deleteAllOf(userId, options.keepSession);
  return updated;
}

export async function getUserPrefs(repos: Repositories, userId: string): Promise<Record<string, unknown>> {
  return parsePrefs((await getUser(repos, userId)).prefs);
}

/** Replaces the whole preferences object (no merge), as Appwrite does. */
export async function replaceUserPrefs(
  repos: Repositories,
  by: EventSource,
  userId: string,
  prefs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const updated = await updateUser(repos, by, 'prefs', userId, { prefs: serializePrefs(prefs) });
  return parsePrefs(updated.prefs);
}

/**
 * The signed-in user changes their password (Appwrite's account.updatePassword). A user who has
 * one must give it as `oldPassword`; one created by an invitation has none and sets it here. The
 * user's other sessions end; `currentSession` (the caller's) stays.
 */
export async function changeOwnPassword(
  repos: Repositories,
  by: EventSource,
  userId: string,
  input: { password: string; oldPassword?: string | undefined },
  currentSession?: string,
): Promise<StoredUser> {
  const user = await getUser(repos, userId);
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.oldPassword ?? ''))) {
    throw new AppError('user_invalid_credentials', 'Invalid credentials. Please check the old password.');
  }
  return updateUserPassword(repos, by, userId, input.password, {
    keepSession: currentSession,
    expectedHash: user.passwordHash ?? null,
  });
}
