import { type Repositories, type SessionUser, type StoredSession, type StoredUser } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { encodeSessionToken } from '../auth/session-token.ts';
import { type ApiDeps } from '../deps.ts';
import { toSessionDto } from '../dto/session.ts';
import { toUserDto } from '../dto/user.ts';
import { AppError, type ErrorType } from '../errors.ts';
import { byId, recordEvent, type EventSource } from '../events/record.ts';
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
    /** Who opens it, for its users.[userId].sessions.[sessionId].create event. */
    by?: EventSource;
  },
): Promise<OpenedSession> {
  const secret = generateSecret();
  const userId = options.user._id;
  const open = () =>
    repos.sessions.open({
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
  const session = await recordEvent(
    repos,
    options.by,
    {
      template: 'users.[userId].sessions.[sessionId].create',
      params: { userId, sessionId: '' },
      target: { collection: 'sessions', filter: { userId }, kind: 'write' },
      idParam: 'sessionId',
    },
    open,
    // The payload is the session as its owner sees it: never the secret.
    (opened) =>
      opened
        ? {
            payload: toSessionDto(opened, { current: options.provider !== 'server' }),
            params: { sessionId: opened._id },
          }
        : null,
  );
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
    by: actor,
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
  by: EventSource,
  userId: string,
  sessionId: string,
): Promise<void> {
  const session = await repos.sessions.byId(sessionId);
  if (!session || session.userId !== userId) throw new AppError('user_session_not_found');
  const payload = toSessionDto(session, {
    current: by?.principal.kind === 'user' && by.principal.sessionId === sessionId,
  });
  const deleted = await recordEvent(
    repos,
    by,
    {
      template: 'users.[userId].sessions.[sessionId].delete',
      params: { userId, sessionId },
      target: byId('sessions', sessionId, 'delete'),
      payload,
    },
    () => repos.sessions.deleteOne(userId, sessionId),
    (found) => (found ? { payload } : null),
  );
  if (!deleted) throw new AppError('user_session_not_found');
}

/** DELETE /v1/users/{userId}/sessions: every session of the user; one users.[userId].sessions.delete. */
export async function deleteUserSessions(
  repos: Repositories,
  by: EventSource,
  userId: string,
): Promise<void> {
  const user = await getUser(repos, userId);
  const payload = toUserDto(user);
  await recordEvent(
    repos,
    by,
    {
      template: 'users.[userId].sessions.delete',
      params: { userId },
      target: { collection: 'sessions', filter: { userId }, kind: 'delete' },
      payload,
    },
    () => repos.sessions.deleteAllOf(userId),
    () => ({ payload }),
  );
}

/**
 * DELETE /v1/account/sessions: signs the user out everywhere. As in Appwrite, one event, for the
 * current session only.
 */
export async function signOutEverywhere(
  repos: Repositories,
  by: EventSource,
  userId: string,
  currentSessionId: string,
): Promise<void> {
  const current = await repos.sessions.byId(currentSessionId);
  const payload = current ? toSessionDto(current, { current: true }) : {};
  await recordEvent(
    repos,
    by,
    {
      template: 'users.[userId].sessions.[sessionId].delete',
      params: { userId, sessionId: currentSessionId },
      target: byId('sessions', currentSessionId, 'delete'),
      payload,
    },
    () => repos.sessions.deleteAllOf(userId),
    () => ({ payload }),
  );
}
