import { type Models } from '@roster/db';
import { requireUser } from './users.ts';

/**
 * Deletes a user with their sessions and memberships (spec §10). Teams stay, even ownerless;
 * their `total` is counted from memberships, so it is right as soon as those are gone.
 *
 * Without transactions the order is what keeps this safe: sessions and memberships first (the
 * user is signed out at once), the user last, so a retry after a crash still finds the user and
 * finishes the job. A session or membership written by a concurrent call in between is removed by
 * the second sweep.
 */
export async function deleteUser(models: Models, userId: string): Promise<void> {
  await requireUser(models, userId);
  const sweep = () =>
    Promise.all([models.Session.deleteMany({ userId }), models.Membership.deleteMany({ userId })]);
  await sweep();
  await models.User.deleteOne({ _id: userId });
  await sweep();
}
