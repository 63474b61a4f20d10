import { type Repositories, type SessionUser, type StoredSession, type StoredUser } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { encodeSessionToken } from '../auth/session-token.ts';
import { type ApiDeps } from '../deps.ts';
import { AppError, type ErrorType } from '../errors.ts';
import { generateSecret, sha256 } from '../lib/secrets.ts';
import { getUser } from './users.ts';

export interface OpenedSession {
  session: StoredSession;
  /** What the `X-Appwrite-Session` header and the `a_session_<project>` cookie carry. */
  token: string;
}

/**
 * Opens a session for a user and returns it with its token. Only the secret's SHA-256 is stored.
 * The session is tied to the user's epoch and re-checked once stored (`sessions.open` in
 * @roster/db): if the user was deleted (or re-created under the same id) meanwhile, or
 * `stillValid` no longer holds, the call fails with `lostRace` (default `user_not_found`).
 */
export async function openSession(
  repos: Repositories,
  options: {
    user: SessionUser;
    durationSeconds: number;
    provider: string;
    providerUid?: string;
    /** Appwrite's factors: `password` for sign-in, `server` for sessions made with an API key. */
    factors?: string[];
    /** Where the session is opened from (recorded with it). */
    client: Pick<Actor, 'ip' | 'userAgent'>;
    stillValid?: (user: StoredUser) => boolean;
    lostRace?: ErrorType;
  },
): Promise<OpenedSession> {
  const secret = generateSecret();
  const session = await repos.sessions.open({
    user: options.user,
    secretHash: sha256(secret),
    expire: new Date(Date.now() + options.durationSeconds * 1000),
    provider: options.provider,
    providerUid: options.providerUid ?? '',
    factors: options.factors ?? ['email'],
    ip: options.client.ip,
    userAgent: options.client.userAgent,
    ...(options.stillValid ? { stillValid: options.stillValid } : {}),
  });
  if (!session) throw new AppError(options.lostRace ?? 'user_not_found');
  return { session, token: encodeSessionToken(options.user._id, secret) };
}

/**
 * A session an API key opens for a user (Appwrite's `server` provider, for server-side
 * rendering); 404 `user_not_found` for an unknown user.
 */
export async function createServerSession(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
  userId: string,
): Promise<OpenedSession> {
  const user = await getUser(deps.repos, userId);
  return openSession(deps.repos, {
    user,
    durationSeconds: deps.config.sessionDurationSeconds,
    provider: 'server',
    factors: ['server'],
    client: actor,
  });
}

/**
 * A user's sessions that still authenticate, oldest first: unexpired, and opened for the user as
 * they are now (none for an unknown user).
 */
export async function listUserSessions(repos: Repositories, userId: string): Promise<StoredSession[]> {
  const user = await repos.users.byId(userId);
  return user ? repos.sessions.activeOf(user) : [];
}

/** Deletes one of a user's sessions; another user's or an unknown id is 404 `user_session_not_found`. */
export async function deleteUserSession(
  repos: Repositories,
  userId: string,
  sessionId: string,
): Promise<void> {
  if (!(await repos.sessions.deleteOne(userId, sessionId))) throw new AppError('user_session_not_found');
}

/** Deletes every session of the user, or all but `keep` (the caller's own). */
export async function deleteUserSessions(repos: Repositories, userId: string, keep?: string): Promise<void> {
  await repos.sessions.deleteAllOf(userId, keep);
}
