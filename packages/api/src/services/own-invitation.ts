import {
  belongsToTeam,
  belongsToUser,
  type StoredMembership,
  type StoredTeam,
  type StoredUser,
} from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { stillOpen } from './invitation-state.ts';

export interface OwnInvitation {
  membership: StoredMembership;
  team: StoredTeam;
  user: StoredUser;
}

/**
 * The signed-in user's own pending invitation `membershipId` (their inbox: accept or decline
 * without the email's secret, docs/invitations.md#the-inbox). The session proves who they are, and
 * the invitation must be addressed to them; anyone else's is 404 `membership_not_found`, as if it
 * did not exist. Their email must be verified: an account whose address was never proven may have
 * been signed up by someone else with it, and must not see or answer what was sent to that
 * address (the email link, whose secret proves the mailbox, still works). A confirmed one is 409
 * `membership_already_confirmed`, an expired one 401 `team_invite_expired`.
 */
export async function ownPendingInvitation(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
  membershipId: string,
): Promise<OwnInvitation> {
  const { repos } = deps;
  const { principal } = actor;
  if (principal.kind !== 'user') throw new AppError('general_unauthorized_scope');
  const user = await repos.users.byId(principal.userId);
  if (!user) throw new AppError('user_not_found');
  if (!user.emailVerification) throw new AppError('user_email_not_verified');
  const membership = await repos.memberships.byId(membershipId);
  if (!membership || !belongsToUser(membership, user)) throw new AppError('membership_not_found');
  const team = await repos.teams.byId(membership.teamId);
  if (!team || !belongsToTeam(membership, team)) throw new AppError('membership_not_found');
  if (membership.confirm) throw new AppError('membership_already_confirmed');
  if (!(await stillOpen(repos, deps.config.inviteTtlSeconds, membership, team))) {
    throw new AppError('team_invite_expired');
  }
  return { membership, team, user };
}
