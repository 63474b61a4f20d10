import { LockTimeoutError, type Repositories, type TeamTie } from '@roster/db';
import { type ApiConfig } from '../deps.ts';
import { AppError } from '../errors.ts';

type LimitDeps = { repos: Repositories; config: Pick<ApiConfig, 'teamMemberLimit'> };

/**
 * The member limit (docs/api.md#member-limit): with `ROSTER_TEAM_MEMBER_LIMIT` set, a team holds
 * at most that many memberships, confirmed members and pending invitations alike (an invitation
 * is a seat promised). Off by default: no silent cap.
 *
 * Every path that adds a membership runs its write through `withTeamRoom`: invitations
 * (services/invitations.ts, which bulk invitations go through too) and join links
 * (services/join-links.ts). The check and the
 * write share the team's `members` lock, so concurrent additions cannot overshoot: each counts
 * what the previous ones wrote. The lock is only taken when a limit is set, and before the team's
 * own lock (totals.ts) that the write may take, never inside it.
 *
 * `userIds` are the users the write may add; those already holding a membership of the team
 * (a re-invitation, a key confirming a pending invitee) take no new seat.
 */
export async function withTeamRoom<T>(
  deps: LimitDeps,
  team: TeamTie,
  userIds: readonly string[],
  write: () => Promise<T>,
): Promise<T> {
  const limit = deps.config.teamMemberLimit;
  if (!limit) return write();
  try {
    return await deps.repos.claims.withLock(`members:${team._id}`, async () => {
      await assertTeamHasRoom(deps, team, userIds);
      return write();
    });
  } catch (error) {
    if (error instanceof LockTimeoutError) throw new AppError('general_service_unavailable');
    throw error;
  }
}

/**
 * 400 `team_member_limit_reached` unless the team has room for the `userIds` that hold no
 * membership of it yet. Alone it is a check without a guarantee (a concurrent writer may take the
 * last seat): callers use it to refuse early, before work such as creating an invitee's account,
 * and write through `withTeamRoom`.
 */
export async function assertTeamHasRoom(
  deps: LimitDeps,
  team: TeamTie,
  userIds: readonly string[],
): Promise<void> {
  const limit = deps.config.teamMemberLimit;
  if (!limit) return;
  const holders = await deps.repos.memberships.holdersAmong(team, userIds);
  const seats = new Set(userIds.filter((userId) => !holders.has(userId))).size;
  if (seats === 0) return;
  const taken = await deps.repos.memberships.seatsTaken(team);
  if (taken + seats > limit) {
    throw new AppError(
      'team_member_limit_reached',
      `The team has reached its member limit of ${limit} (members and pending invitations). Remove a member or revoke an invitation before inviting more.`,
    );
  }
}
