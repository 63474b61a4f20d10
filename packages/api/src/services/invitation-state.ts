import { OWNER, type Repositories, type StoredMembership, type TeamTie } from '@roster/db';

/** An invitation's state (docs/invitations.md#states). */
export const INVITATION_STATES = ['pending', 'accepted', 'declined', 'expired', 'revoked'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/**
 * When a pending invitation stops working: `invited` (set again by each re-invite) plus
 * `ROSTER_INVITE_TTL`; null when invitations never expire (a TTL of 0, Appwrite's behaviour).
 */
export function invitationExpiry(
  membership: Pick<StoredMembership, 'invited'>,
  ttlSeconds: number | undefined,
): Date | null {
  return ttlSeconds ? new Date(membership.invited.getTime() + ttlSeconds * 1000) : null;
}

export function isExpired(
  membership: Pick<StoredMembership, 'invited'>,
  ttlSeconds: number | undefined,
  now = Date.now(),
): boolean {
  const expiry = invitationExpiry(membership, ttlSeconds);
  return expiry !== null && expiry.getTime() < now;
}

/** Whether `inviterId` is still a confirmed owner of `team` (this team and this user, by epochs). */
export async function inviterStillOwns(
  repos: Repositories,
  inviterId: string,
  team: TeamTie,
): Promise<boolean> {
  const inviter = await repos.users.byId(inviterId);
  if (!inviter) return false;
  const membership = await repos.memberships.confirmedOf(team, inviter);
  return Boolean(membership?.roles.includes(OWNER));
}

/**
 * Whether a pending invitation still works: not past its expiry, and its inviter (when a user
 * invited) still an owner of the team: one granted with an authority taken back is expired too
 * (services/accept-invitation.ts).
 */
export async function stillOpen(
  repos: Repositories,
  ttlSeconds: number | undefined,
  membership: StoredMembership,
  team: TeamTie,
): Promise<boolean> {
  if (isExpired(membership, ttlSeconds)) return false;
  return !membership.inviterId || (await inviterStillOwns(repos, membership.inviterId, team));
}
