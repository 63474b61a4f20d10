/**
 * What an invitation link carries (docs/appwrite-compatibility.md#the-accept-link):
 * `…/accept?membershipId=…&userId=…&secret=…&teamId=…&teamName=…`.
 */
export interface AcceptLink {
  teamId: string;
  membershipId: string;
  userId: string;
  secret: string;
  /** Shown before accepting; the invitee cannot read the team yet. */
  teamName: string;
}

/** The link's parameters, or null when one the API needs is missing. */
export function parseAcceptLink(search: URLSearchParams): AcceptLink | null {
  const teamId = search.get('teamId');
  const membershipId = search.get('membershipId');
  const userId = search.get('userId');
  const secret = search.get('secret');
  if (!teamId || !membershipId || !userId || !secret) return null;
  return { teamId, membershipId, userId, secret, teamName: search.get('teamName') ?? '' };
}
