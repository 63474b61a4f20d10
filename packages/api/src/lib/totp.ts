import { Secret, TOTP } from 'otpauth';

/**
 * TOTP as Appwrite (spomky-labs/otphp defaults): a 64-byte secret in unpadded upper-case base32
 * (103 characters), 6 digits, 30-second steps, HMAC-SHA1, and only the current step is accepted.
 * The `otpauth` library computes the codes (RFC 6238); the URI is built here because Appwrite's
 * differs from the library's (issuer:label escaped as one, the default parameters left out).
 */
export const TOTP_PERIOD_SECONDS = 30;

export function generateTotpSecret(): string {
  return new Secret({ size: 64 }).base32;
}

/** Appwrite's `otpauth://totp/<issuer:label>?issuer=…&secret=…` (RFC 3986 escaping, `%20` for spaces). */
export function totpUri(secret: string, issuer: string, label: string): string {
  const name = encodeURIComponent(`${issuer}:${label}`);
  return `otpauth://totp/${name}?issuer=${encodeURIComponent(issuer)}&secret=${secret}`;
}

/** The 30-second step of `at`. */
export function totpStep(at = Date.now()): number {
  return Math.floor(at / 1000 / TOTP_PERIOD_SECONDS);
}

/** Whether `code` is the code of `secret` for the step of `at` (no drift window, as Appwrite). */
export function totpMatches(secret: string, code: string, at = Date.now()): boolean {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: TOTP_PERIOD_SECONDS });
  return totp.validate({ token: code, timestamp: at, window: 0 }) === 0;
}
