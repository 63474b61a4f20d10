import { type Models } from '@roster/db';
import { AppError } from '../errors.ts';
import { OWNER } from '../middleware/team-access.ts';
import { ofTeam } from './membership-ties.ts';
import { type StoredMembership } from './memberships.ts';
import { withTeamLock } from './team-lock.ts';

/**
 * The owner rule (design.md §9): in session mode a team keeps at least one confirmed owner, so
 * its last owner can neither leave (or be removed) nor drop `owner`. API keys may do anything.
 *
 * A check-then-write is only sound if no other remover runs in between, and there are no
 * transactions. Nor does "write, re-count, undo if none left" work on FerretDB: it runs each
 * update as read-then-write of the whole document, so a concurrent demotion that read the
 * membership before an undo writes the stale copy back after it, and the undo is lost (the race
 * tests hit exactly that). So every session-mode write that could take an owner away — any
 * delete, any role update without `owner` — runs under the team's `owners` lock (a unique
 * insert, see team-lock.ts) and decides on the owners it reads inside it.
 *
 * Why an owner always remains: inside the lock no other request removes an owner; writes outside
 * it only add owners (role updates that include `owner`, accepted invitations) or come from API
 * keys, which the rule exempts. So between the count and the write, the owners counted can only be
 * joined by others. A request removes at most its own target, and only after counting at least
 * two owners when the target is one of them; if the target became an owner only after the
 * count, the owners counted are all still there.
 *
 * Not covered: a holder whose request stalls past the lock's staleness limit, and, on FerretDB
 * only, an unrelated concurrent update of the same membership (a role grant, an accept, the mail
 * worker) writing back a stale copy of the whole document.
 */

export const LAST_OWNER_MESSAGE = 'There must be at least one owner in the team.';

type ProhibitedType = 'membership_downgrade_prohibited' | 'membership_deletion_prohibited';

/** Under the team's lock: refuses with `prohibited` if the membership is the last confirmed owner. */
function guarded<T>(
  models: Models,
  membership: StoredMembership,
  prohibited: ProhibitedType,
  write: () => Promise<T>,
): Promise<T> {
  return withTeamLock(models, 'owners', membership.teamId, async () => {
    // The team's owners as it is now: not leftovers of a deleted team with this id (epochs).
    const team = { _id: membership.teamId, epoch: membership.teamEpoch };
    const owners = await models.Membership.find({ ...ofTeam(team), confirm: true, roles: OWNER })
      .select({ _id: 1 })
      .lean();
    if (owners.length <= 1 && owners.some((owner) => owner._id === membership._id)) {
      throw new AppError(prohibited, LAST_OWNER_MESSAGE);
    }
    return write();
  });
}

/** Replaces a membership's roles (spec §5.11), under the owner rule when `keepAnOwner`. */
export async function replaceRoles(
  models: Models,
  membership: StoredMembership,
  roles: string[],
  options: { keepAnOwner: boolean },
): Promise<StoredMembership> {
  const write = async () => {
    const updated = await models.Membership.findOneAndUpdate(
      { _id: membership._id },
      { $set: { roles } },
      { returnDocument: 'after' },
    ).lean();
    if (!updated) throw new AppError('membership_not_found');
    return updated;
  };
  if (!options.keepAnOwner || roles.includes(OWNER)) return write();
  return guarded(models, membership, 'membership_downgrade_prohibited', write);
}

/** Deletes a membership (spec §5.13), under the owner rule when `keepAnOwner`. */
export async function removeMembership(
  models: Models,
  membership: StoredMembership,
  options: { keepAnOwner: boolean },
): Promise<void> {
  const write = async () => {
    const result = await models.Membership.deleteOne({ _id: membership._id });
    if (result.deletedCount === 0) throw new AppError('team_invite_not_found');
  };
  if (!options.keepAnOwner) return write();
  return guarded(models, membership, 'membership_deletion_prohibited', write);
}
