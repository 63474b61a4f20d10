import { type Repositories, type TeamTie } from '@roster/db';
import { toMembershipDeliveryDto, type MembershipDeliveryDto } from '../dto/membership-delivery.ts';
import { AppError } from '../errors.ts';
import { membershipOfTeam } from './team-access.ts';

/**
 * The invitation email state of a membership of `team`: 404 `membership_not_found` or
 * `team_membership_mismatch` as for other membership routes, and `team_invite_not_found` for a
 * membership that never had an email (a team creator, a member added with an API key).
 */
export async function getTeamMembershipDelivery(
  repos: Repositories,
  team: TeamTie,
  membershipId: string,
): Promise<MembershipDeliveryDto> {
  const membership = await membershipOfTeam(repos, team, membershipId);
  if (!membership.delivery) throw new AppError('team_invite_not_found');
  return toMembershipDeliveryDto(membership.delivery);
}
