import { hkdfSync } from 'node:crypto';

/**
 * The invitation secret of one membership at one secret version: 128 bytes (256 hex characters,
 * like Appwrite's), derived with HKDF-SHA256 from the server's `ROSTER_SECRET_KEY`.
 *
 * Only its SHA-256 is stored. Deriving it (instead of storing it, or putting it in the job) lets
 * the mail worker rebuild the exact link at send time from ids alone, and a retried send carries
 * the same link. A re-invite picks a new random `secretVersion`, so the old link stops working.
 */
export function deriveInvitationSecret(
  secretKey: string,
  membershipId: string,
  secretVersion: string,
): string {
  const bytes = hkdfSync('sha256', secretKey, 'roster-invitation', `${membershipId}:${secretVersion}`, 128);
  return Buffer.from(bytes).toString('hex');
}
