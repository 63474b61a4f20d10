import { belongsToTeam, type Repositories } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { toIso } from '../lib/dates.ts';
import { invitationExpiry, isExpired } from './invitation-state.ts';

export interface InboxInvitation {
  $id: string;
  teamId: string;
  teamName: string;
  inviterName: string;
  roles: string[];
  invited: string;
  expire: string;
}

/** At most this many pending invitations are read for one inbox. */
export const INBOX_LIMIT = 100;

/**
 * The signed-in user's pending invitations across all teams, newest first
 * (docs/invitations.md#the-inbox): those still open, in teams as they are now, with the team's and
 * the inviter's names. Expired ones are left out (they no longer work; the inviter re-sends). The
 * user's address must be verified (`ownPendingInvitation` says why): otherwise 400
 * `user_email_not_verified`. Three round trips: the user's pending memberships (the `userId`
 * index), their teams and their inviters (by `_id`).
 */
export async function listOwnInvitations(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
): Promise<{ total: number; invitations: InboxInvitation[] }> {
  const { repos, config } = deps;
  if (actor.principal.kind !== 'user') throw new AppError('general_unauthorized_scope');
  const user = await repos.users.byId(actor.principal.userId);
  if (!user) throw new AppError('user_not_found');
  if (!user.emailVerification) throw new AppError('user_email_not_verified');
  const pending = (await repos.memberships.pendingOfUser(user, INBOX_LIMIT)).filter(
    (membership) => !isExpired(membership, config.inviteTtlSeconds),
  );
  const teams = await byIdMap(
    repos,
    'teams',
    pending.map((membership) => membership.teamId),
  );
  const live = pending.filter((membership) => {
    const team = teams.get(membership.teamId);
    return team !== undefined && belongsToTeam(membership, team);
  });
  const inviters = await byIdMap(
    repos,
    'users',
    live.map((membership) => membership.inviterId ?? ''),
  );
  const invitations = live
    .sort((a, b) => b.invited.getTime() - a.invited.getTime() || a._id.localeCompare(b._id))
    .map((membership) => {
      const expiry = invitationExpiry(membership, config.inviteTtlSeconds);
      return {
        $id: membership._id,
        teamId: membership.teamId,
        teamName: teams.get(membership.teamId)?.name ?? '',
        inviterName: inviters.get(membership.inviterId ?? '')?.name ?? '',
        roles: membership.roles,
        invited: toIso(membership.invited),
        expire: expiry ? toIso(expiry) : '',
      };
    });
  return { total: invitations.length, invitations };
}

async function byIdMap(
  repos: Repositories,
  collection: 'teams' | 'users',
  ids: readonly string[],
): Promise<Map<string, { _id: string; name?: string | null; epoch?: string | null }>> {
  const unique = [...new Set(ids.filter(Boolean))];
  const rows = unique.length === 0 ? [] : await repos[collection].byIds(unique);
  return new Map(rows.map((row) => [row._id, row]));
}
