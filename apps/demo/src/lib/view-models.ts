import type { Delivery, Membership, Team } from './api-types.ts';

/** One row of a team's member table: what the team page shows of a membership. */
export interface MemberRow {
  membershipId: string;
  userId: string;
  /**
   * The member's name, or their email when they have none; a placeholder when the membership
   * privacy hides both from the caller (docs/appwrite-compatibility.md#membership-privacy).
   */
  displayName: string;
  /** The API blanked the user's name, email and id (a member's view under the default privacy). */
  hidden: boolean;
  email: string;
  roles: string[];
  status: 'member' | 'invited';
  /** ISO date the member joined, or was invited while pending. */
  since: string;
  isOwner: boolean;
}

export const OWNER_ROLE = 'owner';
/** What the table shows for a member whose name, email and id the membership privacy hides. */
export const HIDDEN_MEMBER = 'Member (details hidden)';

export function toMemberRow(membership: Membership): MemberRow {
  return {
    membershipId: membership.$id,
    userId: membership.userId,
    displayName: membership.userName || membership.userEmail || membership.userId || HIDDEN_MEMBER,
    hidden: !membership.userName && !membership.userEmail && !membership.userId,
    email: membership.userEmail,
    roles: membership.roles,
    status: membership.confirm ? 'member' : 'invited',
    since: membership.confirm ? membership.joined : membership.invited,
    isOwner: membership.roles.includes(OWNER_ROLE),
  };
}

/** A card of the "my teams" list. */
export interface TeamCard {
  id: string;
  name: string;
  members: number;
  createdAt: string;
}

export function toTeamCard(team: Team): TeamCard {
  return { id: team.$id, name: team.name, members: team.total, createdAt: team.$createdAt };
}

/** How the invitation email of a pending member is doing, in words. */
export function describeDelivery(delivery: Delivery): string {
  switch (delivery.state) {
    case 'queued':
      return delivery.attempts > 0 ? `Email retrying (${delivery.attempts} attempts)` : 'Email queued';
    case 'sent':
      return 'Email sent';
    case 'failed':
      return 'Email failed';
    case 'skipped':
      return 'Email not needed';
  }
}
