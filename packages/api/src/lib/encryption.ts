import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Secrets Roster must read back (a TOTP authenticator's seed, MFA recovery codes, which
 * `GET /v1/account/mfa/recovery-codes` returns) are stored encrypted, as Appwrite's `encrypt`
 * filter does: AES-256-GCM under a key derived from the server secret (`ROSTER_SECRET_KEY`) with
 * HKDF and a fixed label, so a database dump alone reveals none of them (docs/security.md#mfa).
 * Changing the server secret makes them unreadable: the user then re-enrols. The scheme of the
 * webhook credentials' secret box (@roster/db), under its own label, so each use has its own key.
 */

const VERSION = 'v1';
const keys = new Map<string, Buffer>();

function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'roster', 'stored secrets v1 (AES-256-GCM)', 32));
    keys.set(secret, key);
  }
  return key;
}

/** `v1:<iv>:<tag>:<ciphertext>` (base64url) of `plain`. */
export function encryptSecret(serverSecret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(serverSecret), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url'));
  return [VERSION, ...parts].join(':');
}

/** The plain text of `encryptSecret`'s output, or null when it does not decrypt under this secret. */
export function decryptSecret(serverSecret: string, stored: string): string | null {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== VERSION || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(serverSecret), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
