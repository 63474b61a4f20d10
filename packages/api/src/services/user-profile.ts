import { type Models } from '@roster/db';
import { AppError } from '../errors.ts';
import { hashPassword, verifyPassword } from '../lib/passwords.ts';
import { parsePrefs, serializePrefs } from '../lib/prefs.ts';
import { deleteSessionsOf } from './sessions.ts';
import { userSearchText } from './user-search.ts';
import { requireUser } from './users.ts';

/** Applies `$set` to one user and returns the updated document, or 404 `user_not_found`. */
async function updateUser(models: Models, userId: string, set: Record<string, unknown>) {
  const updated = await models.User.findOneAndUpdate(
    { _id: userId },
    { $set: set },
    { returnDocument: 'after' },
  ).lean();
  if (!updated) throw new AppError('user_not_found');
  return updated;
}

/**
 * Updates fields that `search` is made of (id, email, phone, name), then writes `search` from the
 * document as the update left it. A concurrent change of another of those fields may land between
 * the two writes; the next change of that user rewrites `search` from fresh values.
 */
async function updateSearchedFields(models: Models, userId: string, set: Record<string, unknown>) {
  const updated = await updateUser(models, userId, set);
  const search = userSearchText(updated);
  if (updated.search === search) return updated;
  await models.User.updateOne({ _id: userId }, { $set: { search } });
  return { ...updated, search };
}

export function updateUserName(models: Models, userId: string, name: string) {
  return updateSearchedFields(models, userId, { name });
}

/**
 * Changes a user's email; another user's address is 409 `user_email_already_exists`. The unique
 * index on `emailLower` is what refuses a collision, but an update that collides fails with code
 * 11000 on MongoDB and code 1 on FerretDB (docs/database.md), so the error code cannot say why.
 * After a failed update we look again: if someone else now owns the address, that was the cause.
 * As in Appwrite, the new address is unverified.
 */
export async function updateUserEmail(models: Models, userId: string, email: string) {
  const emailLower = email.toLowerCase();
  const takenByOther = async () => (await models.User.exists({ emailLower, _id: { $ne: userId } })) !== null;
  if (await takenByOther()) throw new AppError('user_email_already_exists');
  try {
    return await updateSearchedFields(models, userId, { email, emailLower, emailVerification: false });
  } catch (error) {
    if (!(error instanceof AppError) && (await takenByOther())) {
      throw new AppError('user_email_already_exists');
    }
    throw error;
  }
}

/**
 * Sets a new argon2id password hash (`passwordUpdate` records when) and ends the user's sessions,
 * all of them or all but `keepSession` (the caller's own): whoever knew the old password loses
 * what it gave them (review finding 11). The sessions go after the new hash is stored, so a
 * sign-in that verified the old password meanwhile sees the change and drops its session
 * (sessions.ts). `expectedHash` makes the write conditional on the password checked by the caller
 * (`null`: none set), so a password cleared or changed meanwhile is not overwritten (on MongoDB;
 * FerretDB does not make conditional updates atomic, docs/database.md).
 */
export async function updateUserPassword(
  models: Models,
  userId: string,
  password: string,
  options: { keepSession?: string | undefined; expectedHash?: string | null } = {},
) {
  const passwordHash = await hashPassword(password);
  const set = { passwordHash, passwordUpdate: new Date() };
  let updated;
  if (options.expectedHash === undefined) {
    updated = await updateUser(models, userId, set);
  } else {
    updated = await models.User.findOneAndUpdate(
      { _id: userId, passwordHash: options.expectedHash ?? { $exists: false } },
      { $set: set },
      { returnDocument: 'after' },
    ).lean();
    if (!updated) {
      throw new AppError('user_invalid_credentials', 'Invalid credentials. Please check the old password.');
    }
  }
  await deleteSessionsOf(models, userId, options.keepSession);
  return updated;
}

export async function getUserPrefs(models: Models, userId: string): Promise<Record<string, unknown>> {
  return parsePrefs((await requireUser(models, userId)).prefs);
}

/** Replaces the whole preferences object (no merge), as Appwrite does. */
export async function replaceUserPrefs(models: Models, userId: string, prefs: Record<string, unknown>) {
  const updated = await updateUser(models, userId, { prefs: serializePrefs(prefs) });
  return parsePrefs(updated.prefs);
}

/**
 * The signed-in user changes their password (Appwrite's account.updatePassword). A user who has
 * one must give it as `oldPassword`; one created by an invitation has none and sets it here. The
 * user's other sessions end; `currentSession` (the caller's) stays.
 */
export async function changeOwnPassword(
  models: Models,
  userId: string,
  input: { password: string; oldPassword?: string | undefined },
  currentSession?: string,
) {
  const user = await requireUser(models, userId);
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.oldPassword ?? ''))) {
    throw new AppError('user_invalid_credentials', 'Invalid credentials. Please check the old password.');
  }
  return updateUserPassword(models, userId, input.password, {
    keepSession: currentSession,
    expectedHash: user.passwordHash ?? null,
  });
}
