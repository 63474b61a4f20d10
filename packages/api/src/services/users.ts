import { isDuplicateKeyError, type Models } from '@roster/db';
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
 * concurrent sign-ups with one email end with one account (409 for the other).
 */
export async function createUser(models: Models, input: NewUser) {
  const email = input.email?.trim();
  const id = resolveId(input.userId);
  const name = input.name ?? '';
  try {
    const created = await models.User.create({
      _id: id,
      name,
      search: userSearchText({ _id: id, email, phone: input.phone, name }),
      ...(email ? { email, emailLower: email.toLowerCase() } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.password
        ? { passwordHash: await hashPassword(input.password), passwordUpdate: new Date() }
        : {}),
    });
    return created.toObject();
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('user_already_exists');
    throw error;
  }
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
