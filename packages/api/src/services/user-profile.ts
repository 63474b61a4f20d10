import { type Repositories, type StoredUser, type UserChanges, type UserRemovals } from '@roster/db';
import { toUserDto } from '../dto/user.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent, type EventSource } from '../events/record.ts';
import { verifyStoredPassword } from '../lib/password-hashes/verify.ts';
import { hashPassword } from '../lib/passwords.ts';
import { parsePrefs, serializePrefs } from '../lib/prefs.ts';
import { getUser } from './users.ts';

/** The event of a change of one user's `attribute` (users.[userId].update.<attribute>). */
const userUpdate = (attribute: string, userId: string) => ({
  template: `users.[userId].update.${attribute}`,
  params: { userId },
  target: byId('users', userId),
});

/**
 * Changes fields of one user (and removes `remove`), recording `users.[userId].update.<attribute>`;
 * returns the user as updated, or 404 `user_not_found`.
 */
export async function updateUser(
  repos: Repositories,
  by: EventSource,
  attribute: string,
  userId: string,
  changes: UserChanges,
  remove: UserRemovals = [],
): Promise<StoredUser> {
  const updated = await recordEvent(
    repos,
    by,
    userUpdate(attribute, userId),
    () => repos.users.update(userId, changes, remove),
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

/** What a conflicting email or phone is answered with: the admin routes and the account's differ. */
export interface ContactConflict {
  /** The value is another user's (or, with `includingSelf`, the user's own already). */
  taken: AppError;
  includingSelf?: boolean;
}

/**
 * Changes a user's email; another user's address is `conflict.taken` (by default 409
 * `user_email_already_exists`). The unique index on `emailLower` is what refuses a collision, but
 * an update that collides fails with code 11000 on MongoDB and code 1 on FerretDB
 * (docs/database.md), so the error code cannot say why. After a failed update we look again: if
 * someone else now owns the address, that was the cause. As in Appwrite, the new address is
 * unverified: only a new proof of ownership (an accepted invitation) verifies it again, and that
 * proof clears what the unverified account held (accept-invitation.ts), so an address changed to
 * someone else's cannot be used to take their invitations.
 */
export async function updateUserEmail(
  repos: Repositories,
  by: EventSource,
  userId: string,
  email: string,
  options: { conflict?: ContactConflict; alsoChange?: UserChanges; current?: StoredUser } = {},
): Promise<StoredUser> {
  const emailLower = email.toLowerCase();
  const conflict = options.conflict ?? { taken: new AppError('user_email_already_exists') };
  if (conflict.includingSelf && options.current?.emailLower === emailLower) throw conflict.taken;
  const takenByOther = () => repos.users.emailTakenByOther(emailLower, userId);
  if (await takenByOther()) throw conflict.taken;
  const changes = { ...options.alsoChange, email, emailLower, emailVerification: false };
  try {
    return await updateUser(repos, by, 'email', userId, changes);
  } catch (error) {
    if (!(error instanceof AppError) && (await takenByOther())) throw conflict.taken;
    throw error;
  }
}

/**
 * Changes a user's phone (E.164, validated at the edge); one that is someone's already is
 * `conflict.taken`, a collision only the unique index saw is 409 `user_phone_already_exists` (as
 * Appwrite's unique violation). As in Appwrite, the new number is unverified.
 */
export async function updateUserPhone(
  repos: Repositories,
  by: EventSource,
  userId: string,
  phone: string,
  options: { conflict: ContactConflict; alsoChange?: UserChanges; current?: StoredUser },
): Promise<StoredUser> {
  const { conflict } = options;
  if (conflict.includingSelf && options.current?.phone === phone) throw conflict.taken;
  const takenByOther = async () => {
    const owner = await repos.users.byPhone(phone);
    return owner !== null && owner._id !== userId;
  };
  if (await takenByOther()) throw conflict.taken;
  const changes = { ...options.alsoChange, phone, phoneVerification: false };
  try {
    return await updateUser(repos, by, 'phone', userId, changes);
  } catch (error) {
    if (!(error instanceof AppError) && (await takenByOther())) {
      throw new AppError('user_phone_already_exists');
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

/** Replaces the whole preferences object (no merge), as Appwrite does; returns the user. */
export function updateUserPrefs(
  repos: Repositories,
  by: EventSource,
  userId: string,
  prefs: Record<string, unknown>,
): Promise<StoredUser> {
  return updateUser(repos, by, 'prefs', userId, { prefs: serializePrefs(prefs) });
}

/** `updateUserPrefs`, returning the preferences (the Users API's answer). */
export async function replaceUserPrefs(
  repos: Repositories,
  by: EventSource,
  userId: string,
  prefs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return parsePrefs((await updateUserPrefs(repos, by, userId, prefs)).prefs);
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
  if (user.passwordHash && !(await verifyStoredPassword(user, input.oldPassword ?? ''))) {
    throw new AppError('user_invalid_credentials', 'Invalid credentials. Please check the old password.');
  }
  return updateUserPassword(repos, by, userId, input.password, {
    keepSession: currentSession,
    expectedHash: user.passwordHash ?? null,
  });
}

/**
 * Checks the signed-in user's password before a change of their email or phone (Appwrite's order:
 * the password first, 401 `user_invalid_credentials`). A user without a password (an invitee)
 * passes, and the given password becomes theirs along with the change (`alsoChange`). Callers
 * throttle the check like a sign-in (middleware/rate-limit.ts).
 */
async function provePassword(
  repos: Repositories,
  userId: string,
  password: string,
): Promise<{ user: StoredUser; alsoChange: UserChanges }> {
  const user = await getUser(repos, userId);
  if (user.passwordHash) {
    if (!(await verifyStoredPassword(user, password))) throw new AppError('user_invalid_credentials');
    return { user, alsoChange: {} };
  }
  return { user, alsoChange: { passwordHash: await hashPassword(password), passwordUpdate: new Date() } };
}

/** A value a messaging target holds already: Appwrite's 409 for the account's email and phone. */
export const targetTaken = (): ContactConflict => ({
  taken: new AppError('user_target_already_exists'),
  includingSelf: true,
});

/**
 * The signed-in user changes their email (Appwrite's account.updateEmail, in its order): the
 * password, then an address that another user's identity carries (400 `general_bad_request`),
 * then an address that is anyone's already, the user's own included (409
 * `user_target_already_exists`). The new address is unverified.
 */
export async function changeOwnEmail(
  repos: Repositories,
  by: EventSource,
  userId: string,
  input: { email: string; password: string },
): Promise<StoredUser> {
  const { user, alsoChange } = await provePassword(repos, userId, input.password);
  if (await repos.identities.emailOfOther(input.email.toLowerCase(), userId)) {
    throw new AppError('general_bad_request');
  }
  // Appwrite lower-cases the address on this route (not on the Users API's).
  return updateUserEmail(repos, by, userId, input.email.toLowerCase(), {
    conflict: targetTaken(),
    alsoChange,
    current: user,
  });
}

/**
 * The signed-in user changes their phone (Appwrite's account.updatePhone): the password, then a
 * number that is anyone's already, the user's own included (409 `user_target_already_exists`).
 */
export async function changeOwnPhone(
  repos: Repositories,
  by: EventSource,
  userId: string,
  input: { phone: string; password: string },
): Promise<StoredUser> {
  const { user, alsoChange } = await provePassword(repos, userId, input.password);
  return updateUserPhone(repos, by, userId, input.phone, {
    conflict: targetTaken(),
    alsoChange,
    current: user,
  });
}

/**
 * The signed-in user blocks themselves (Appwrite's account.updateStatus). Their sessions stay, as
 * in Appwrite, but none authenticates any more: every request of a blocked user is 403
 * `user_blocked` (auth/resolve-principal.ts), realtime included; an API key may unblock them.
 */
export function blockOwnAccount(repos: Repositories, by: EventSource, userId: string): Promise<StoredUser> {
  return updateUser(repos, by, 'status', userId, { status: false });
}
