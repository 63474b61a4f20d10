import {
  OWNER,
  belongsToTeam,
  type Repositories,
  type StoredMembership,
  type StoredTeam,
  type TeamTie,
} from '@roster/db';
import { principalUser, type Principal } from '../auth/principal.ts';
import { AppError, type ErrorType } from '../errors.ts';

export interface TeamAccess {
  team: StoredTeam;
  /** The caller's own confirmed membership; null for API keys. */
  callerMembership: StoredMembership | null;
  isOwner: boolean;
}

/**
 * The team of `teamId` as the caller may reach it: API keys reach every team, users only teams
 * where they have a confirmed membership, written for this team and this user (not for deleted
 * ones with the same ids); others get 404 `team_not_found`, as in Appwrite.
 */
export async function teamAccess(
  repos: Repositories,
  principal: Principal,
  teamId: string,
): Promise<TeamAccess> {
  const team = await repos.teams.byId(teamId);
  if (!team) throw new AppError('team_not_found');
  if (principal.kind === 'key') return { team, callerMembership: null, isOwner: true };
  if (principal.kind !== 'user') throw new AppError('team_not_found');
  const callerMembership = await repos.memberships.confirmedOf(team, principalUser(principal));
  if (!callerMembership) throw new AppError('team_not_found');
  return { team, callerMembership, isOwner: callerMembership.roles.includes(OWNER) };
}

/**
 * Appwrite's lookup of a membership under a team's route (docs/appwrite-compatibility.md#owner-rules): one of
 * another team is 404
 * `team_membership_mismatch`; one written for a deleted team with this id is `notFound`, as a
 * missing one is (epochs, docs/database.md).
 */
export function checkInTeam(membership: StoredMembership, team: TeamTie, notFound: ErrorType): void {
  if (membership.teamId !== team._id) throw new AppError('team_membership_mismatch');
  if (!belongsToTeam(membership, team)) throw new AppError(notFound);
}

/** The membership `membershipId` of `team`, or 404 `membership_not_found` / `team_membership_mismatch`. */
export async function membershipOfTeam(
  repos: Repositories,
  team: TeamTie,
  membershipId: string,
): Promise<StoredMembership> {
  const membership = await repos.memberships.byId(membershipId);
  if (!membership) throw new AppError('membership_not_found');
  checkInTeam(membership, team, 'membership_not_found');
  return membership;
}
