import { type StoredUser } from '@roster/db';
import { decryptSecret } from '../../lib/encryption.ts';

/** The user's TOTP secret in clear, or null when they have none (or it no longer decrypts). */
export function totpSecretOf(serverSecret: string, user: StoredUser): string | null {
  return user.totpSecret ? decryptSecret(serverSecret, user.totpSecret) : null;
}

/** The user's remaining recovery codes, or null when they never made any (or they no longer decrypt). */
export function recoveryCodesOf(serverSecret: string, user: StoredUser): string[] | null {
  if (!user.mfaRecoveryCodes) return null;
  const plain = decryptSecret(serverSecret, user.mfaRecoveryCodes);
  if (plain === null) return null;
  const codes: unknown = JSON.parse(plain);
  return Array.isArray(codes) ? codes.filter((code): code is string => typeof code === 'string') : null;
}
