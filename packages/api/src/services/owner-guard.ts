import { LockTimeoutError, OWNER, type Repositories, type StoredMembership } from '@roster/db';
import { AppError } from '../errors.ts';
import { underTeamLock } from './team-lock.ts';

/**
 * The owner rule (docs/appwrite-compatibility.md#owner-rules): in session mode a team keeps at least one
 * confirmed owner, so its last owner can neither leave (or be removed) nor drop `owner`. API keys may do
 * anything.
 *
 * A check-then-write is only sound if no other remover runs in between, and there are no
 * transactions. Nor does "write, re-count, undo if none left" work on FerretDB: it runs each
 * update as read-then-write of the whole document, so a concurrent demotion that read the
 * membership before an undo writes the stale copy back after it, and the undo is lost (the race
 * tests hit exactly that). So every session-mode write that could take an owner away — any
 * delete, any role update without `owner` — runs under the team's `owners` lock (a unique
 * insert, `claims.withLock` in @roster/db) and decides on the owners it reads inside it.
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

const LAST_OWNER_MESSAGE = 'There must be at least one owner in the team.';

type ProhibitedType = 'membership_downgrade_prohibited' | 'membership_deletion_prohibited';

/** Under the team's lock: refuses with `prohibited` if the membership is the last confirmed owner. */
async function guarded<T>(
  repos: Repositories,
  membership: StoredMembership,
  prohibited: ProhibitedType,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await repos.claims.withLock(`owners:${membership.teamId}`, async () => {
      // The team's owners as it is now: not leftovers of a deleted team with this id (epochs).
      const owners = await repos.memberships.confirmedOwners({
        _id: membership.teamId,
        epoch: membership.teamEpoch,
      });
      if (owners.length <= 1 && owners.includes(membership._id)) {
        throw new AppError(prohibited, LAST_OWNER_MESSAGE);
      }
      return write();
    });
  } catch (error) {
    // Another request held the lock for longer than a request may wait.
    if (error instanceof LockTimeoutError) throw new AppError('general_service_unavailable');
    throw error;
  }
}

/**
 * Replaces a membership's roles (docs/appwrite-compatibility.md#owner-rules), under the owner rule when
 * `keepAnOwner`.
 */
export async function updateRoles(
  repos: Repositories,
  membership: StoredMembership,
  roles: string[],
  options: { keepAnOwner: boolean },
): Promise<StoredMembership> {
  const write = async () => {
    const updated = await repos.memberships.setRoles(membership._id, roles);
    if (!updated) throw new AppError('membership_not_found');
    return updated;
  };
  if (!options.keepAnOwner || roles.includes(OWNER)) return write();
  return guarded(repos, membership, 'membership_downgrade_prohibited', write);
}

/**
 * Deletes a membership (docs/appwrite-compatibility.md#owner-rules), under the owner rule when `keepAnOwner`.
 */
export async function deleteMembership(
  repos: Repositories,
  membership: StoredMembership,
  options: { keepAnOwner: boolean },
): Promise<void> {
  const write = async () => {
    if (!(await underTeamLock(() => repos.memberships.delete(membership))))
      throw new AppError('team_invite_not_found');
  };
  if (!options.keepAnOwner) return write();
  return guarded(repos, membership, 'membership_deletion_prohibited', write);
}

/**
 * Runs `run` under the team's `owners` lock, the lock of the owner rule above: what it decides about
 * owners is ordered with every session-mode removal or demotion of one (ownership transfers,
 * services/ownership-transfers.ts). A lock busy past its wait is a 503.
 */
export async function withOwnersLock<T>(
  repos: Repositories,
  teamId: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await repos.claims.withLock(`owners:${teamId}`, run);
  } catch (error) {
    if (error instanceof LockTimeoutError) throw new AppError('general_service_unavailable');
    throw error;
  }
}
