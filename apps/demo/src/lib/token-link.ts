/**
 * What the verification, recovery and magic-link emails append to the page's address
 * (docs/api.md#email-verification-and-password-recovery): `?userId=…&secret=…&expire=…`.
 */
export interface TokenLink {
  userId: string;
  secret: string;
}

/** The link's `userId` and `secret`, or null when either is missing (a link cut short by a mail client). */
export function parseTokenLink(search: URLSearchParams): TokenLink | null {
  const userId = search.get('userId');
  const secret = search.get('secret');
  if (!userId || !secret) return null;
  return { userId, secret };
}
