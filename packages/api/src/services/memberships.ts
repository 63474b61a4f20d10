import { belongsToUser, type Repositories, type StoredTeam, type TeamTie } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { toMembershipDto, type MembershipDto } from '../dto/membership.ts';
import { FULL_VIEW, viewMembership, type MembershipView } from '../dto/membership-privacy.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent } from '../events/record.ts';
import { type ApiDeps } from '../deps.ts';
import { deleteMembership, updateRoles } from './owner-guard.ts';
import { assertRolesAllowed } from './team-roles.ts';
import { checkInTeam, membershipOfTeam, teamAccess } from './team-access.ts';

type TeamRef = TeamTie & Pick<StoredTeam, 'name'>;

/**
 * As in Appwrite (docs/appwrite-compatibility.md#owner-rules): a membership of `team` and its user; 404
 * `membership_not_found` or
 * `team_membership_mismatch`. One written for a deleted team with this id, or for a deleted user
 * whose id was reused, is not found (epochs, docs/database.md).
 */
async function memberOfTeam(repos: Repositories, team: TeamRef, membershipId: string) {
  const membership = await membershipOfTeam(repos, team, membershipId);
  const user = await repos.users.byId(membership.userId);
  if (user && !belongsToUser(membership, user)) throw new AppError('membership_not_found');
  return { membership, user };
}

/**
 * GET a membership, its user fields as the caller's privacy `view` shows them
 * (docs/appwrite-compatibility.md#membership-privacy); a pending invitation shows only what its inviter
 * supplied (dto/membership.ts).
 */
export async function getTeamMembership(
  repos: Repositories,
  team: TeamRef,
  membershipId: string,
  view: MembershipView = FULL_VIEW,
): Promise<MembershipDto> {
  const { membership, user } = await memberOfTeam(repos, team, membershipId);
  return viewMembership(toMembershipDto(membership, user, team.name), view);
}

/**
 * As in Appwrite (docs/appwrite-compatibility.md#owner-rules): replaces the roles of a membership (pending
 * ones too). Owners and API keys only, and only roles of the catalog when there is one; a session caller cannot take `owner` from the team's last confirmed
 * owner (docs/appwrite-compatibility.md#owner-rules).
 */
export async function updateMembershipRoles(
  repos: Repositories,
  access: {
    team: TeamRef & Partial<Pick<StoredTeam, 'teamRoles'>>;
    actor: Actor;
    isOwner: boolean;
    deps?: Pick<ApiDeps, 'config'>;
  },
  membershipId: string,
  roles: string[],
): Promise<MembershipDto> {
  const { membership, user } = await memberOfTeam(repos, access.team, membershipId);
  if (!user) throw new AppError('user_not_found');
  if (!access.isOwner) throw new AppError('user_unauthorized', 'User is not allowed to modify roles');
  // With a role catalog, only its roles, the team's and `owner` (docs/api.md#roles-and-permissions).
  if (access.deps) assertRolesAllowed(access.deps.config, access.team, roles);
  const teamId = access.team._id;
  return recordEvent(
    repos,
    access.actor,
    {
      template: 'teams.[teamId].memberships.[membershipId].update',
      params: { userId: membership.userId, teamId, membershipId },
      target: byId('memberships', membershipId),
    },
    async () => {
      const updated = await updateRoles(repos, membership, roles, {
        keepAnOwner: access.actor.principal.kind === 'user',
      });
      return toMembershipDto(updated, user, access.team.name);
    },
    (dto) => ({ payload: dto }),
  );
}

/**
 * As in Appwrite (docs/appwrite-compatibility.md#owner-rules), checks in its order (which is why the team is
 * reached here, after the membership). Allowed for the member themself (leaving), the team's owners and API
 * keys; a session caller cannot remove the team's last confirmed owner
 * (docs/appwrite-compatibility.md#owner-rules).
 */
export async function deleteTeamMembership(
  repos: Repositories,
  actor: Actor,
  input: { teamId: string; membershipId: string },
): Promise<void> {
  const { principal } = actor;
  const membership = await repos.memberships.byId(input.membershipId);
  if (!membership) throw new AppError('team_invite_not_found');
  const user = await repos.users.byId(membership.userId);
  if (!user) throw new AppError('user_not_found');
  const { team, isOwner } = await teamAccess(repos, principal, input.teamId);
  checkInTeam(membership, team, 'team_invite_not_found');
  if (principal.kind === 'user' && membership.userId !== principal.userId && !isOwner) {
    throw new AppError('user_unauthorized');
  }
  const payload = toMembershipDto(membership, user, team.name);
  const closing = invitationClosing(membership, principal);
  await recordEvent(
    repos,
    actor,
    {
      template: `teams.[teamId].memberships.[membershipId].delete${closing ? CLOSING_EVENT[closing] : ''}`,
      params: { teamId: team._id, userId: membership.userId, membershipId: membership._id },
      target: byId('memberships', membership._id, 'delete'),
      payload,
    },
    async () => {
      // What owners still see of it (docs/invitations.md#states); Appwrite's reads see it gone.
      // Written before the delete: a new invitation of the person, which can only come after it,
      // then always finds the record to reopen.
      if (!closing) return deleteMembership(repos, membership, { keepAnOwner: principal.kind === 'user' });
      const by = principal.kind === 'user' ? principal.userId : '';
      await repos.invitationRecords.close(membership, closing, { userId: by });
      try {
        await deleteMembership(repos, membership, { keepAnOwner: principal.kind === 'user' });
      } catch (error) {
        await repos.invitationRecords.discard(membership._id);
        throw error;
      }
    },
    () => ({ payload }),
  );
}

const CLOSING_EVENT = { revoked: '.revoke', declined: '.decline' } as const;

/**
 * Deleting a pending invitation closes it: `revoke` by an owner or a key, `decline` by its
 * invitee. Its event is `…delete.revoke` or `…delete.decline`, whose names include Appwrite's
 * `…delete` ones (docs/events.md#roster-events). A confirmed membership is not an invitation.
 */
function invitationClosing(
  membership: { confirm: boolean; userId: string },
  principal: Actor['principal'],
): 'revoked' | 'declined' | null {
  if (membership.confirm) return null;
  return principal.kind === 'user' && principal.userId === membership.userId ? 'declined' : 'revoked';
}
