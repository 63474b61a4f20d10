import { epochFilter, sameEpoch, type Epoch } from './models/epoch.ts';
import { type Membership } from './models/membership.model.ts';

/**
 * Which team and user a stored membership belongs to: the ids *and* the epochs it was written
 * with must match the team's and the user's as they are now (docs/database.md, "Epochs"), so a
 * membership left by a deleted team or user never attaches to a new one that reuses the id. The
 * repositories' queries apply the same rule as filters (`ofTeam`, `ofUser`); these checks are for
 * documents a caller already holds.
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

/** The filter of the memberships (or sessions) of `user`. */
export function ofUser(user: UserTie): Record<string, unknown> {
  return { userId: user._id, ...epochFilter('userEpoch', user.epoch) };
}
