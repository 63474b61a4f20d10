import { type Repositories, type StoredUser } from '@roster/db';
import { type EventSource } from '../events/record.ts';
import { getUser } from './users.ts';
import { targetTaken, updateUser, updateUserPhone } from './user-profile.ts';

/**
 * `PATCH /v1/users/{userId}/phone` (Appwrite's order): an unknown user is 404; `""` removes the
 * number (many users may have none); a number that is anyone's already, the user's own included,
 * is 409 `user_target_already_exists`; a collision only the unique index sees (a race) is 409
 * `user_phone_already_exists`. Either way the number is unverified afterwards.
 */
export async function setUserPhone(
  repos: Repositories,
  by: EventSource,
  userId: string,
  number: string,
): Promise<StoredUser> {
  const current = await getUser(repos, userId);
  if (number === '') return updateUser(repos, by, 'phone', userId, { phoneVerification: false }, ['phone']);
  return updateUserPhone(repos, by, userId, number, { conflict: targetTaken(), current });
}

/**
 * `PUT /v1/users/{userId}/labels`: replaces the labels (validated at the edge), duplicates
 * removed keeping the first of each, as Appwrite's `array_unique`; `[]` clears them.
 */
export function setUserLabels(
  repos: Repositories,
  by: EventSource,
  userId: string,
  labels: readonly string[],
): Promise<StoredUser> {
  return updateUser(repos, by, 'labels', userId, { labels: [...new Set(labels)] });
}

/**
 * `PATCH /v1/users/{userId}/status`: blocks (`false`) or unblocks the user. Sessions and JWTs are
 * kept, as Appwrite, but the status is read from the database on every request
 * (auth/resolve-principal.ts), so a blocked user's next request is 403 `user_blocked`.
 */
export function setUserStatus(
  repos: Repositories,
  by: EventSource,
  userId: string,
  status: boolean,
): Promise<StoredUser> {
  return updateUser(repos, by, 'status', userId, { status });
}

/**
 * `PATCH /v1/users/{userId}/verification` and `/verification/phone`: sets the flag only (no mail,
 * no SMS). Both record Appwrite's `users.[userId].update.verification`.
 */
export function setUserVerification(
  repos: Repositories,
  by: EventSource,
  userId: string,
  change: { emailVerification: boolean } | { phoneVerification: boolean },
): Promise<StoredUser> {
  return updateUser(repos, by, 'verification', userId, change);
}
