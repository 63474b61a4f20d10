import { type Epoch, type Membership, type Models } from '@roster/db';
import { type Principal } from '../auth/principal.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { OWNER } from '../middleware/team-access.ts';
import { belongsToTeam, belongsToUser, principalUser } from './membership-ties.ts';
import { removeMembership, replaceRoles } from './owner-guard.ts';

export type StoredMembership = Membership & { _id: string; createdAt: Date; updatedAt: Date };

interface TeamRef {
  _id: string;
  name: string;
  epoch?: Epoch;
}

/**
 * Spec §5.10: a membership of `team`; 404 `membership_not_found` or `team_membership_mismatch`.
 * One written for a deleted team with this id, or for a deleted user whose id was reused, is not
 * found (epochs, docs/database.md). Returns the membership and its user.
 */
async function requireTeamMembership(models: Models, team: TeamRef, membershipId: string) {
  const membership = await models.Membership.findById(membershipId).lean();
  if (!membership?.userId) throw new AppError('membership_not_found');
  if (membership.teamId !== team._id) throw new AppError('team_membership_mismatch');
  if (!belongsToTeam(membership, team)) throw new AppError('membership_not_found');
  const user = await models.User.findById(membership.userId).lean();
  if (user && !belongsToUser(membership, user)) throw new AppError('membership_not_found');
  return { membership, user };
}

/**
 * GET a membership. Member fields are shown to team members (design.md §9); a pending invitation
 * shows only what its inviter supplied (dto/membership.ts).
 */
export async function readMembership(
  models: Models,
  team: TeamRef,
  membershipId: string,
): Promise<MembershipDto> {
  const { membership, user } = await requireTeamMembership(models, team, membershipId);
  return toMembershipDto(membership, user, team.name);
}

/**
 * Spec §5.11: replaces the roles of a membership (pending ones too). Owners and API keys only;
 * a session caller cannot take `owner` from the team's last confirmed owner (design.md §9).
 */
export async function updateMembershipRoles(
  models: Models,
  access: { team: TeamRef; principal: Principal; isOwner: boolean },
  membershipId: string,
  roles: string[],
): Promise<MembershipDto> {
  const { membership, user } = await requireTeamMembership(models, access.team, membershipId);
  if (!user) throw new AppError('user_not_found');
  if (!access.isOwner) throw new AppError('user_unauthorized', 'User is not allowed to modify roles');
  const updated = await replaceRoles(models, membership, roles, {
    keepAnOwner: access.principal.kind === 'user',
  });
  return toMembershipDto(updated, user, access.team.name);
}

/** The team as the caller may see it, like `teamProcedure` does, for checks that come after others. */
async function readableTeam(models: Models, principal: Principal, teamId: string) {
  const team = await models.Team.findById(teamId).lean();
  if (!team) throw new AppError('team_not_found');
  if (principal.kind === 'key') return { team, isOwner: true };
  if (principal.kind !== 'user') throw new AppError('team_not_found');
  const own = await models.Membership.findOne({ teamId, userId: principal.userId }).lean();
  if (!own?.confirm || !belongsToTeam(own, team) || !belongsToUser(own, principalUser(principal))) {
    throw new AppError('team_not_found');
  }
  return { team, isOwner: own.roles.includes(OWNER) };
}

/**
 * Spec §5.13, checks in its order (which is why the team is loaded here, after the membership).
 * Allowed for the member themself (leaving), the team's owners and API keys; a session caller
 * cannot remove the team's last confirmed owner (design.md §9).
 */
export async function deleteTeamMembership(
  models: Models,
  principal: Principal,
  input: { teamId: string; membershipId: string },
): Promise<void> {
  const membership = await models.Membership.findById(input.membershipId).lean();
  if (!membership) throw new AppError('team_invite_not_found');
  if (!(await models.User.exists({ _id: membership.userId }))) throw new AppError('user_not_found');
  const { team, isOwner } = await readableTeam(models, principal, input.teamId);
  if (membership.teamId !== team._id) throw new AppError('team_membership_mismatch');
  if (!belongsToTeam(membership, team)) throw new AppError('team_invite_not_found');
  if (principal.kind === 'user' && membership.userId !== principal.userId && !isOwner) {
    throw new AppError('user_unauthorized');
  }
  await removeMembership(models, membership, { keepAnOwner: principal.kind === 'user' });
}
