import { createHmac } from 'node:crypto';

/**
 * The secret of a mailed token (email verification, password recovery): 256 lowercase hex
 * characters as Appwrite's `Token(256)`, derived from `ROSTER_SECRET_KEY` and the token's id. The
 * API stores only its SHA-256; the mail worker derives it again to write the link, so the secret
 * is never stored, never in Redis, never logged. Four HMAC-SHA-256 blocks (128 bytes), each
 * keyed by the server secret over the purpose, the block number and the token id.
 */
export function deriveTokenSecret(secretKey: string, tokenId: string): string {
  return [0, 1, 2, 3]
    .map((block) =>
      createHmac('sha256', secretKey).update(`roster.mail-token.${block}.${tokenId}`).digest('hex'),
    )
    .join('');
}
