import { epochFilter, type Models } from '@roster/db';
import { ofUser } from './membership-ties.ts';
import { requireUser } from './users.ts';

/**
 * Deletes a user with their sessions and memberships (spec §10). Teams stay, even ownerless;
 * their `total` is counted from memberships, so it is right as soon as those are gone.
 *
 * Without transactions the order is what keeps this safe: sessions and memberships first (the
 * user is signed out at once), the user last, so a retry after a crash still finds the user and
 * finishes the job. A session or membership written by a concurrent call in between is removed by
 * the second sweep; one written after it removes itself when its writer re-checks the user
 * (sessions.ts, membership-ties.ts), and carries this user's epoch, so it never attaches to a new
 * user with the same id. Every write names the epoch, so a slow deletion cannot touch such a user.
 */
export async function deleteUser(models: Models, userId: string): Promise<void> {
  const user = await requireUser(models, userId);
  const sweep = () =>
    Promise.all([
      models.Session.deleteMany({ userId, ...epochFilter('userEpoch', user.epoch) }),
      models.Membership.deleteMany(ofUser(user)),
    ]);
  await sweep();
  await models.User.deleteOne({ _id: userId, ...epochFilter('epoch', user.epoch) });
  await sweep();
}
