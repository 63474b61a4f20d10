import { belongsToTeam, belongsToUser } from '@roster/db';
import { type ApiDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { toIso } from '../lib/dates.ts';
import { digestsEqual, sha256 } from '../lib/secrets.ts';
import { invitationExpiry, stillOpen } from './invitation-state.ts';

export interface InvitationPreview {
  teamId: string;
  teamName: string;
  inviterName: string;
  roles: string[];
  /** ISO 8601; `''` when invitations never expire. */
  expire: string;
  /** Whether the invitee will still have a password once accepted (else they set one while accepting). */
  hasPassword: boolean;
}

/**
 * What an invitation offers, before it is accepted (docs/invitations.md#preview): the team's real
 * name (the link's `teamName` is whatever the inviter's client put there), the inviter's name, the
 * roles, the expiry and whether the invitee has a password. Only the holder of the secret of a
 * pending, unexpired invitation learns it; anything else (no such membership, another team, a
 * wrong secret, an accepted, declined, revoked or expired one) is the same 401
 * `team_invalid_secret`, so the answer tells a guesser nothing. The secret's hash is compared in
 * constant time; the procedure limits failures per address like the accept route.
 *
 * `hasPassword` is false for an account whose address was never verified even if it has one:
 * accepting is that address's first proof and clears it (services/accept-invitation.ts).
 */
export async function previewInvitation(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  input: { teamId: string; membershipId: string; secret: string },
): Promise<InvitationPreview> {
  const { repos, config } = deps;
  const refused = () => new AppError('team_invalid_secret');
  const secretHash = sha256(input.secret);
  const membership = await repos.memberships.byId(input.membershipId);
  if (!membership || !digestsEqual(secretHash, membership.secretHash)) throw refused();
  if (membership.confirm || membership.teamId !== input.teamId) throw refused();
  const [team, user] = await Promise.all([
    repos.teams.byId(membership.teamId),
    repos.users.byId(membership.userId),
  ]);
  if (!team || !belongsToTeam(membership, team) || !user || !belongsToUser(membership, user)) throw refused();
  if (!(await stillOpen(repos, config.inviteTtlSeconds, membership, team))) throw refused();
  const inviter = membership.inviterId ? await repos.users.byId(membership.inviterId) : null;
  const expiry = invitationExpiry(membership, config.inviteTtlSeconds);
  return {
    teamId: team._id,
    teamName: team.name,
    inviterName: inviter?.name ?? '',
    roles: membership.roles,
    expire: expiry ? toIso(expiry) : '',
    hasPassword: Boolean(user.passwordHash) && Boolean(user.emailVerification),
  };
}
