import { type Models } from '@roster/db';
import { encodeSessionToken } from '../auth/session-token.ts';
import { generateId } from '../lib/ids.ts';
import { generateSecret, sha256 } from '../lib/secrets.ts';

/**
 * Opens a session for a user. Returns the stored session and its token: the value the
 * `X-Appwrite-Session` header and the `a_session_<project>` cookie carry. Only the secret's
 * SHA-256 is stored.
 */
export async function createSession(
  models: Models,
  options: {
    userId: string;
    durationSeconds: number;
    provider?: string;
    providerUid?: string;
    ip?: string;
    userAgent?: string;
  },
) {
  const secret = generateSecret();
  const created = await models.Session.create({
    _id: generateId(),
    userId: options.userId,
    secretHash: sha256(secret),
    expire: new Date(Date.now() + options.durationSeconds * 1000),
    provider: options.provider ?? 'email',
    providerUid: options.providerUid ?? '',
    factors: ['email'],
    ip: options.ip ?? '',
    userAgent: options.userAgent ?? '',
  });
  return { session: created.toObject(), token: encodeSessionToken(options.userId, secret) };
}
