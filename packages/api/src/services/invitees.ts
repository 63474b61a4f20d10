import { type Repositories, type StoredUser } from '@roster/db';
import { AppError } from '../errors.ts';
import { type EventSource } from '../events/record.ts';
import { createUser } from './users.ts';

export interface InviteeQuery {
  userId?: string | undefined;
  /** Lower-cased. */
  email?: string | undefined;
  phone?: string | undefined;
  name?: string | undefined;
}

export type Invitee = Pick<StoredUser, '_id' | 'name' | 'email' | 'phone' | 'epoch'>;

/**
 * Appwrite's order (docs/appwrite-compatibility.md#invitations): by `userId`, else by `email`, else by
 * `phone`, with its mismatch errors.
 */
export async function findInvitee(repos: Repositories, query: InviteeQuery): Promise<Invitee | null> {
  if (query.userId) {
    const user = await repos.users.byId(query.userId);
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
    const user = await repos.users.byEmail(query.email);
    if (user && query.phone && (user.phone ?? '') !== query.phone) {
      throw new AppError('user_already_exists', "Given email and phone doesn't match");
    }
    return user;
  }
  return query.phone ? repos.users.byPhone(query.phone) : null;
}

/**
 * The user an invitation is for; an unknown email or phone gets a new account without a password
 * (they set one later), named after `name` or the email (`created`). Concurrent invitations of one
 * new address converge on one account: the unique email/phone index lets one insert win, and the
 * others read the winner back.
 */
export async function resolveInvitee(
  repos: Repositories,
  query: InviteeQuery,
  by: EventSource,
): Promise<{ invitee: Invitee; created: boolean }> {
  const found = await findInvitee(repos, query);
  if (found) return { invitee: found, created: false };
  try {
    const invitee = await createUser(
      repos,
      { userId: 'unique()', email: query.email, phone: query.phone, name: query.name ?? query.email ?? '' },
      by,
    );
    return { invitee, created: true };
  } catch (error) {
    if (!(error instanceof AppError && error.type === 'user_already_exists')) throw error;
    const winner = await findInvitee(repos, query);
    if (winner) return { invitee: winner, created: false };
    throw error;
  }
}
