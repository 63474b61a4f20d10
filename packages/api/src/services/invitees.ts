import { type Models, type User } from '@roster/db';
import { AppError } from '../errors.ts';
import { createUser, findUserByEmail } from './users.ts';

export interface InviteeQuery {
  userId?: string | undefined;
  /** Lower-cased. */
  email?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
}

export type Invitee = Pick<User, 'name' | 'email' | 'phone' | 'epoch'> & { _id: string };

/** Spec §5.8 step 6: by `userId`, else by `email`, else by `phone`, with its mismatch errors. */
async function findInvitee(models: Models, query: InviteeQuery): Promise<Invitee | null> {
  if (query.userId) {
    const user = await models.User.findById(query.userId).lean();
    if (!user) throw new AppError('user_not_found', "User with given userId doesn't exist.");
    if (query.email && (user.emailLower ?? '') !== query.email) {
      throw new AppError('user_already_exists', "Given userId and email doesn't match");
    }
    if (query.phone && (user.phone ?? '') !== query.phone) {
      throw new AppError('user_already_exists', "Given userId and phone doesn't match");
    }
    return user;
  }
  if (query.email) {
    const user = await findUserByEmail(models, query.email);
    if (user && query.phone && (user.phone ?? '') !== query.phone) {
      throw new AppError('user_already_exists', "Given email and phone doesn't match");
    }
    return user;
  }
  return query.phone ? models.User.findOne({ phone: query.phone }).lean() : null;
}

/**
 * The user an invitation is for; an unknown email or phone gets a new account without a password
 * (they set one later), named after `name` or the email. Concurrent invitations of one new
 * address converge on one account: the unique email/phone index lets one insert win, and the
 * others read the winner back.
 */
export async function resolveInvitee(models: Models, query: InviteeQuery): Promise<Invitee> {
  const found = await findInvitee(models, query);
  if (found) return found;
  try {
    return await createUser(models, {
      userId: 'unique()',
      email: query.email,
      phone: query.phone,
      name: query.name ?? query.email ?? '',
    });
  } catch (error) {
    if (!(error instanceof AppError && error.type === 'user_already_exists')) throw error;
    const winner = await findInvitee(models, query);
    if (winner) return winner;
    throw error;
  }
}
