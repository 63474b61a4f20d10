import { epochFilter, sameEpoch, type Epoch, type Membership, type Models } from '@roster/db';
import { AppError } from '../errors.ts';

/**
 * Which team and user a stored membership belongs to: the ids *and* the epochs it was written
 * with must match the team's and the user's as they are now (docs/database.md, "Epochs"), so a
 * membership left by a deleted team or user never attaches to a new one that reuses the id.
 */
export interface TeamTie {
  _id: string;
  epoch?: Epoch;
}
export interface UserTie {
  _id: string;
  epoch?: Epoch;
}

type Tied = Pick<Membership, 'teamId' | 'userId' | 'teamEpoch' | 'userEpoch'>;

export function belongsToTeam(membership: Tied, team: TeamTie): boolean {
  return membership.teamId === team._id && sameEpoch(membership.teamEpoch, team.epoch);
}

export function belongsToUser(membership: Tied, user: UserTie): boolean {
  return membership.userId === user._id && sameEpoch(membership.userEpoch, user.epoch);
}

/** The filter of the memberships of `team`. */
export function ofTeam(team: TeamTie): Record<string, unknown> {
  return { teamId: team._id, ...epochFilter('teamEpoch', team.epoch) };
}

/** The filter of the memberships of `user`. */
export function ofUser(user: UserTie): Record<string, unknown> {
  return { userId: user._id, ...epochFilter('userEpoch', user.epoch) };
}

/** The user of a signed-in principal, as a tie (its epoch came with the session). */
export function principalUser(principal: { userId: string; userEpoch?: string | undefined }): UserTie {
  return { _id: principal.userId, epoch: principal.userEpoch };
}

/**
 * Run right after inserting a membership: whether its team and user are still the ones it was
 * written for. A deletion that finished before the insert is seen here; one that sweeps after it
 * removes the membership itself. So a writer that raced a deletion cleans up after itself, and the
 * error of the one that went away is thrown (404 `team_not_found` or `user_not_found`). Only a
 * writer that dies between its insert and this check leaves a membership behind, which the epochs
 * keep from attaching to anything (and creating a team or user with that id sweeps it).
 */
export async function keepIfStillTied(
  models: Models,
  membershipId: string,
  team: TeamTie,
  user: UserTie,
): Promise<void> {
  const [teamNow, userNow] = await Promise.all([
    models.Team.findById(team._id).lean(),
    models.User.findById(user._id).lean(),
  ]);
  const teamGone = !teamNow || !sameEpoch(teamNow.epoch, team.epoch);
  const userGone = !userNow || !sameEpoch(userNow.epoch, user.epoch);
  if (!teamGone && !userGone) return;
  await models.Membership.deleteOne({ _id: membershipId });
  throw new AppError(teamGone ? 'team_not_found' : 'user_not_found');
}
