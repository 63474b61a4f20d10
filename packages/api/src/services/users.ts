import { isDuplicateKeyError, newEpoch, type Models } from '@roster/db';
import { AppError } from '../errors.ts';
import { resolveId } from '../lib/ids.ts';
import { hashPassword } from '../lib/passwords.ts';
import { userSearchText } from './user-search.ts';

export interface NewUser {
  userId: string;
  email?: string | undefined;
  phone?: string | undefined;
  password?: string | undefined;
  name?: string | undefined;
}

/**
 * Creates a user. The unique indexes on id, `emailLower` and `phone` decide conflicts, so two
 * concurrent sign-ups with one email end with one account (409 for the other). A new `epoch`
 * keeps whatever a deleted user with the same id left behind from attaching to this one.
 */
export async function createUser(models: Models, input: NewUser) {
  const email = input.email?.trim();
  const id = resolveId(input.userId);
  const epoch = newEpoch();
  const name = input.name ?? '';
  let created;
  try {
    created = await models.User.create({
      _id: id,
      epoch,
      name,
      search: userSearchText({ _id: id, email, phone: input.phone, name }),
      ...(email ? { email, emailLower: email.toLowerCase() } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.password
        ? { passwordHash: await hashPassword(input.password), passwordUpdate: new Date() }
        : {}),
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('user_already_exists');
    throw error;
  }
  if (id === input.userId) {
    // A caller-chosen id may be a deleted user's: sweep what was written for that one after its
    // deletion finished (a writer that died before its own re-check), so none of it lingers.
    const leftover = { userId: id, userEpoch: { $ne: epoch } };
    await Promise.all([models.Session.deleteMany(leftover), models.Membership.deleteMany(leftover)]);
  }
  return created.toObject();
}

export function findUserByEmail(models: Models, email: string) {
  return models.User.findOne({ emailLower: email.trim().toLowerCase() }).lean();
}

/** The user of `userId`, or 404 `user_not_found`. */
export async function requireUser(models: Models, userId: string) {
  const user = await models.User.findById(userId).lean();
  if (!user) throw new AppError('user_not_found');
  return user;
}
