import { createHmac } from 'node:crypto';

/*
 * The secrets of the mailed sign-in tokens (docs/mail.md#the-sign-in-emails): derived from
 * `ROSTER_SECRET_KEY` and the token's id, never stored and never in Redis. The API derives one
 * when it writes the token (storing only its SHA-256), the mail worker derives it again to put it
 * in the email. Each kind has its own label, so one token id never yields another kind's secret.
 */

const derive = (secretKey: string, label: string, tokenId: string) =>
  createHmac('sha256', secretKey).update(`roster/${label}/${tokenId}`).digest();

/** A magic URL's secret: 64 lowercase hex characters (Appwrite's `TOKEN_LENGTH_MAGIC_URL`). */
export function magicUrlSecret(secretKey: string, tokenId: string): string {
  return derive(secretKey, 'magic-url', tokenId).toString('hex');
}

/**
 * An email code: 6 decimal digits, leading zeros kept (Appwrite's `Code(6)`). 48 bits of the MAC
 * reduced modulo 10^6: the bias (10^6 / 2^48) is negligible.
 */
export function emailOtpCode(secretKey: string, tokenId: string): string {
  return sixDigits(derive(secretKey, 'email-otp', tokenId));
}

/** An MFA email challenge's code: 6 decimal digits as the OTP's, under a label of its own. */
export function mfaEmailCode(secretKey: string, challengeId: string): string {
  return sixDigits(derive(secretKey, 'mfa-email', challengeId));
}

const sixDigits = (mac: Buffer) => String(mac.readUIntBE(0, 6) % 1_000_000).padStart(6, '0');
