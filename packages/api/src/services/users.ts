import { isDuplicateKeyError, type Models } from '@roster/db';
import { AppError } from '../errors.ts';
import { resolveId } from '../lib/ids.ts';
import { hashPassword } from '../lib/passwords.ts';

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
  try {
    const created = await models.User.create({
      _id: resolveId(input.userId),
      name: input.name ?? '',
      ...(email ? { email, emailLower: email.toLowerCase() } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
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
