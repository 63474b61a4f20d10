import { resolveId, type Repositories, type StoredUser } from '@roster/db';
import { AppError } from '../errors.ts';
import { hashPassword } from '../lib/passwords.ts';

export interface NewUser {
  userId: string;
  email?: string | undefined;
  phone?: string | undefined;
  password?: string | undefined;
  name?: string | undefined;
}

/**
 * Creates a user (`unique()` for a generated id). A taken id, email or phone is 409
 * `user_already_exists`: the unique indexes decide, so two concurrent sign-ups with one email end
 * with one account. The epoch and the sweep of a reused id's leftovers are `users.create`'s.
 */
export async function createUser(repos: Repositories, input: NewUser): Promise<StoredUser> {
  const id = resolveId(input.userId);
  const created = await repos.users.create({
    id,
    chosenId: id === input.userId,
    name: input.name ?? '',
    email: input.email,
    phone: input.phone,
    passwordHash: input.password ? await hashPassword(input.password) : undefined,
  });
  if (!created) throw new AppError('user_already_exists');
  return created;
}

/** The user of `userId`, or 404 `user_not_found`. */
export async function getUser(repos: Repositories, userId: string): Promise<StoredUser> {
  const user = await repos.users.byId(userId);
  if (!user) throw new AppError('user_not_found');
  return user;
}

/**
 * Deletes a user with their sessions and memberships
 * (docs/appwrite-compatibility.md#deleting-teams-and-users); 404 for an unknown user. Teams stay, even
 * ownerless. The order of the writes, and the epoch each names, are `users.delete`'s.
 */
export async function deleteUser(repos: Repositories, userId: string): Promise<void> {
  await repos.users.delete(await getUser(repos, userId));
}
