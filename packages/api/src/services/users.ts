import { resolveId, type Repositories, type StoredUser } from '@roster/db';
import { toUserDto } from '../dto/user.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent, type EventSource } from '../events/record.ts';
import { hashRecord, type ImportedHash } from '../lib/password-hashes/imported-hash.ts';
import { hashPassword } from '../lib/passwords.ts';

export interface NewUser {
  userId: string;
  email?: string | undefined;
  phone?: string | undefined;
  password?: string | undefined;
  name?: string | undefined;
  /** A hash made elsewhere (`POST /v1/users/<algorithm>`), stored as given instead of `password`'s. */
  importedHash?: ImportedHash | undefined;
}

/**
 * Creates a user (`unique()` for a generated id). A taken id, email or phone is 409
 * `user_already_exists`: the unique indexes decide, so two concurrent sign-ups with one email end
 * with one account. The epoch and the sweep of a reused id's leftovers are `users.create`'s.
 */
export async function createUser(repos: Repositories, input: NewUser, by?: EventSource): Promise<StoredUser> {
  const id = resolveId(input.userId);
  const imported = input.importedHash ? hashRecord(input.importedHash) : undefined;
  const passwordHash = input.importedHash
    ? input.importedHash.hash
    : input.password
      ? await hashPassword(input.password)
      : undefined;
  // Every user creation (sign-up, POST /users, an invitation to a new address) records
  // users.[userId].create; unlike Appwrite's, its payload has no password hash (docs/events.md).
  const created = await recordEvent(
    repos,
    by,
    {
      template: 'users.[userId].create',
      params: { userId: id },
      target: byId('users', id),
      newResource: id !== input.userId,
    },
    () =>
      repos.users.create({
        id,
        chosenId: id === input.userId,
        name: input.name ?? '',
        email: input.email,
        phone: input.phone,
        passwordHash,
        ...(imported ? { hash: imported.hash, hashOptions: JSON.stringify(imported.hashOptions) } : {}),
      }),
    (user) => (user ? { payload: toUserDto(user) } : null),
  );
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
export async function deleteUser(repos: Repositories, by: EventSource, userId: string): Promise<void> {
  const user = await getUser(repos, userId);
  const payload = toUserDto(user);
  await recordEvent(
    repos,
    by,
    {
      template: 'users.[userId].delete',
      params: { userId },
      target: byId('users', userId, 'delete'),
      payload,
    },
    () => repos.users.delete(user),
    () => ({ payload }),
  );
}
