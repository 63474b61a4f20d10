import { type Models } from '@roster/db';
import { AppError } from '../errors.ts';
import { header, type HttpRequest } from '../context.ts';
import { encodeSessionToken } from '../auth/session-token.ts';
import { generateId } from '../lib/ids.ts';
import { generateSecret, sha256 } from '../lib/secrets.ts';
import { requireUser } from './users.ts';

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
    /** Appwrite's factors: `password` for sign-in, `server` for sessions made with an API key. */
    factors?: string[];
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
    factors: options.factors ?? ['email'],
    ip: options.ip ?? '',
    userAgent: options.userAgent ?? '',
  });
  return { session: created.toObject(), token: encodeSessionToken(options.userId, secret) };
}

/**
 * A session an API key opens for a user (Appwrite's `server` provider, for server-side
 * rendering); 404 `user_not_found` for an unknown user.
 */
export async function createServerSession(
  models: Models,
  userId: string,
  options: { durationSeconds: number; ip: string; userAgent: string },
) {
  await requireUser(models, userId);
  return createSession(models, { userId, provider: 'server', factors: ['server'], ...options });
}

/** The client details a new session records. */
export function clientOf(req: HttpRequest): { ip: string; userAgent: string } {
  return { ip: req.ip, userAgent: header(req, 'user-agent') ?? '' };
}

/**
 * A user's sessions that still authenticate, oldest first. Expired ones are left out: nothing
 * deletes them (no TTL indexes, docs/database.md), and they no longer sign anyone in.
 */
export function listActiveSessions(models: Models, userId: string) {
  return models.Session.find({ userId, expire: { $gt: new Date() } })
    .sort({ createdAt: 1, _id: 1 })
    .lean();
}

/** Deletes one of a user's sessions; another user's or an unknown id is 404 `user_session_not_found`. */
export async function deleteSessionOf(models: Models, userId: string, sessionId: string): Promise<void> {
  const { deletedCount } = await models.Session.deleteOne({ _id: sessionId, userId });
  if (deletedCount === 0) throw new AppError('user_session_not_found');
}

export async function deleteSessionsOf(models: Models, userId: string): Promise<void> {
  await models.Session.deleteMany({ userId });
}
