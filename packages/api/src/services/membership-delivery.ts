import { type Models } from '@roster/db';
import { toMembershipDeliveryDto, type MembershipDeliveryDto } from '../dto/membership-delivery.ts';
import { AppError } from '../errors.ts';
import { belongsToTeam, type TeamTie } from './membership-ties.ts';

/**
 * The invitation email state of a membership of `team`: 404 `membership_not_found` or
 * `team_membership_mismatch` as for other membership routes, and `team_invite_not_found` for a
 * membership that never had an email (a team creator, a member added with an API key).
 */
export async function readMembershipDelivery(
  models: Models,
  team: TeamTie,
  membershipId: string,
): Promise<MembershipDeliveryDto> {
  const membership = await models.Membership.findById(membershipId).lean();
  if (!membership) throw new AppError('membership_not_found');
  if (membership.teamId !== team._id) throw new AppError('team_membership_mismatch');
  if (!belongsToTeam(membership, team)) throw new AppError('membership_not_found');
  if (!membership.delivery) throw new AppError('team_invite_not_found');
  return toMembershipDeliveryDto(membership.delivery);
}
