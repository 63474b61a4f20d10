import {
  belongsToUser,
  type Repositories,
  type StoredInvitationRecord,
  type StoredMembership,
  type TeamTie,
} from '@roster/db';
import { type ApiDeps } from '../deps.ts';
import { toIso } from '../lib/dates.ts';
import { invitationExpiry, isExpired, type InvitationState } from './invitation-state.ts';

export interface TeamInvitation {
  $id: string;
  teamId: string;
  userId: string;
  userName: string;
  userEmail: string;
  userPhone: string;
  roles: string[];
  state: InvitationState;
  invited: string;
  /** When a pending one expires (or an expired one did); `''` when invitations never expire or it is closed. */
  expire: string;
  /** When it was accepted, declined or revoked; `''` while pending or expired. */
  closed: string;
  inviterId: string;
  /** The invitation email's delivery state (`queued`, `sent`, `failed`, `skipped`), `''` without one. */
  deliveryState: string;
}

export interface TeamInvitationList {
  total: number;
  invitations: TeamInvitation[];
}

/**
 * The team's invitations in every state (docs/invitations.md#states), for its owners and keys,
 * newest first: pending and expired ones are the team's pending memberships (expired: invited
 * longer than `ROSTER_INVITE_TTL` ago), accepted ones its confirmed memberships that came with an
 * invitation email, declined and revoked ones the records their deletion left. With a state, one
 * indexed query and its count; without, the three sources are read up to `offset + limit` each and
 * merged (the offset is bounded by the procedure).
 */
export async function listTeamInvitations(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  team: TeamTie,
  input: { state?: InvitationState | undefined; limit: number; offset: number },
): Promise<TeamInvitationList> {
  const { repos, config } = deps;
  const ttl = config.inviteTtlSeconds;
  const cutoff = ttl ? new Date(Date.now() - ttl * 1000) : undefined;
  const single = { skip: input.offset, limit: input.limit };
  const upTo = { skip: 0, limit: input.offset + input.limit };

  const fromMemberships = (state: 'pending' | 'expired' | 'accepted', page: typeof single) => {
    if (state === 'accepted') return repos.memberships.invitationsOfTeam(team, { confirm: true }, page);
    if (state === 'expired') {
      if (!cutoff) return Promise.resolve({ total: 0, items: [] as StoredMembership[] });
      return repos.memberships.invitationsOfTeam(team, { confirm: false, invitedBefore: cutoff }, page);
    }
    return repos.memberships.invitationsOfTeam(
      team,
      { confirm: false, ...(cutoff ? { invitedSince: cutoff } : {}) },
      page,
    );
  };

  let total: number;
  let rows: Row[];
  if (input.state === 'declined' || input.state === 'revoked') {
    const records = await repos.invitationRecords.ofTeam(team, input.state, single);
    total = records.total;
    rows = records.items.map(fromRecord);
  } else if (input.state) {
    const memberships = await fromMemberships(input.state, single);
    total = memberships.total;
    rows = memberships.items.map(fromMembership);
  } else {
    const [open, accepted, records] = await Promise.all([
      repos.memberships.invitationsOfTeam(team, { confirm: false }, upTo),
      fromMemberships('accepted', upTo),
      repos.invitationRecords.ofTeam(team, undefined, upTo),
    ]);
    total = open.total + accepted.total + records.total;
    rows = [
      ...open.items.map(fromMembership),
      ...accepted.items.map(fromMembership),
      ...records.items.map(fromRecord),
    ]
      .sort((a, b) => b.at - a.at || a.id.localeCompare(b.id))
      .slice(input.offset, input.offset + input.limit);
  }
  return { total, invitations: await present(repos, rows, ttl) };
}

/** A row of either source, with the time it is ordered by (when it was written, newest first). */
type Row =
  | { id: string; at: number; membership: StoredMembership }
  | { id: string; at: number; record: StoredInvitationRecord };

const fromMembership = (membership: StoredMembership): Row => ({
  id: membership._id,
  at: membership.createdAt.getTime(),
  membership,
});
const fromRecord = (record: StoredInvitationRecord): Row => ({
  id: record._id,
  at: record.closed.getTime(),
  record,
});

/** Accepted rows show the member's account, as the member list does; others what the inviter gave. */
async function present(repos: Repositories, rows: Row[], ttl: number | undefined): Promise<TeamInvitation[]> {
  const members = rows.flatMap((row) =>
    'membership' in row && row.membership.confirm ? [row.membership] : [],
  );
  const users = await repos.users.byIds([...new Set(members.map((membership) => membership.userId))]);
  const usersById = new Map(users.map((user) => [user._id, user]));
  return rows.flatMap((row): TeamInvitation[] => {
    if ('record' in row) {
      const { record } = row;
      return [
        {
          $id: record._id,
          teamId: record.teamId,
          userId: record.userId,
          userName: record.name,
          userEmail: record.email,
          userPhone: record.phone,
          roles: record.roles,
          state: record.state,
          invited: toIso(record.invited),
          expire: '',
          closed: toIso(record.closed),
          inviterId: record.inviterId,
          deliveryState: record.deliveryState,
        },
      ];
    }
    const { membership } = row;
    const user = usersById.get(membership.userId);
    if (membership.confirm && user && !belongsToUser(membership, user)) return [];
    const shown = membership.confirm ? user : membership.invitedAs;
    const expiry = membership.confirm ? null : invitationExpiry(membership, ttl);
    const state: InvitationState = membership.confirm
      ? 'accepted'
      : isExpired(membership, ttl)
        ? 'expired'
        : 'pending';
    return [
      {
        $id: membership._id,
        teamId: membership.teamId,
        userId: membership.userId,
        userName: shown?.name ?? '',
        userEmail: shown?.email ?? '',
        userPhone: shown?.phone ?? '',
        roles: membership.roles,
        state,
        invited: toIso(membership.invited),
        expire: expiry ? toIso(expiry) : '',
        closed: membership.confirm ? toIso(membership.joined) : '',
        inviterId: membership.inviterId ?? '',
        deliveryState: membership.delivery?.state ?? '',
      },
    ];
  });
}
