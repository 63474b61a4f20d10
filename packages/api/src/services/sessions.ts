import { epochField, epochFilter, sameEpoch, type Models, type User } from '@roster/db';
import { AppError, type ErrorType } from '../errors.ts';
import { header, type HttpRequest } from '../context.ts';
import { encodeSessionToken } from '../auth/session-token.ts';
import { generateId } from '../lib/ids.ts';
import { generateSecret, sha256 } from '../lib/secrets.ts';
import { requireUser } from './users.ts';

/** The user a session is opened for, as read by the caller (its epoch ties the session to it). */
type SessionUser = Pick<User, 'epoch' | 'passwordHash'> & { _id: string };

/**
 * Opens a session for a user. Returns the stored session and its token: the value the
 * `X-Appwrite-Session` header and the `a_session_<project>` cookie carry. Only the secret's
 * SHA-256 is stored.
 *
 * The session carries the user's epoch (docs/database.md), and is checked again once stored: if the
 * user was deleted (or re-created under the same id) meanwhile, or `stillValid` no longer holds for
 * the user as it is now (a sign-in whose password was changed or cleared while argon2 ran), the
 * session is removed and the call fails with `lostRace` (default `user_not_found`). A deletion
 * or password change that ran before the insert is seen by this check; one that runs after it
 * sweeps the session itself.
 */
export async function createSession(
  models: Models,
  options: {
    userId: string;
    /** The user as the caller read it; read here when absent. */
    user?: SessionUser;
    durationSeconds: number;
    provider?: string;
    providerUid?: string;
    /** Appwrite's factors: `password` for sign-in, `server` for sessions made with an API key. */
    factors?: string[];
    ip?: string;
    userAgent?: string;
    stillValid?: (user: SessionUser) => boolean;
    lostRace?: ErrorType;
  },
) {
  const lostRace = () => new AppError(options.lostRace ?? 'user_not_found');
  const user = options.user ?? (await models.User.findById(options.userId).lean());
  if (!user) throw lostRace();
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
    ...epochField('userEpoch', user.epoch),
  });
  const now = await models.User.findById(options.userId).lean();
  if (!now || !sameEpoch(now.epoch, user.epoch) || (options.stillValid && !options.stillValid(now))) {
    await models.Session.deleteOne({ _id: created._id });
    throw lostRace();
  }
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
  const user = await requireUser(models, userId);
  return createSession(models, { userId, user, provider: 'server', factors: ['server'], ...options });
}

/** The client details a new session records. */
export function clientOf(req: HttpRequest): { ip: string; userAgent: string } {
  return { ip: req.ip, userAgent: header(req, 'user-agent') ?? '' };
}

/**
 * A user's sessions that still authenticate, oldest first: unexpired, and opened for the user as
 * they are now (a session left from a deleted user with the same id has another epoch). Expired
 * ones are left out: nothing deletes them (no TTL indexes, docs/database.md), and they no longer
 * sign anyone in.
 */
export async function listActiveSessions(models: Models, userId: string) {
  const user = await models.User.findById(userId).lean();
  if (!user) return [];
  return models.Session.find({ userId, expire: { $gt: new Date() }, ...epochFilter('userEpoch', user.epoch) })
    .sort({ createdAt: 1, _id: 1 })
    .lean();
}

/** Deletes one of a user's sessions; another user's or an unknown id is 404 `user_session_not_found`. */
export async function deleteSessionOf(models: Models, userId: string, sessionId: string): Promise<void> {
  const { deletedCount } = await models.Session.deleteOne({ _id: sessionId, userId });
  if (deletedCount === 0) throw new AppError('user_session_not_found');
}

/** Deletes every session of the user, or all but `keep` (the caller's own). */
export async function deleteSessionsOf(models: Models, userId: string, keep?: string): Promise<void> {
  await models.Session.deleteMany({ userId, ...(keep ? { _id: { $ne: keep } } : {}) });
}
