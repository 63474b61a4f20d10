import { type ApiDeps } from '../deps.ts';
import { toUserDto, type UserDto } from '../dto/user.ts';
import { sha256 } from '../lib/secrets.ts';
import { decodeSessionToken } from './session-token.ts';

/** A WebSocket's signed-in user (docs/events.md#realtime): who, by which session, and the user as `GET /v1/account` shows them. */
export interface RealtimeSession {
  userId: string;
  sessionId: string;
  /** The user's epoch: only memberships written for this user count (docs/database.md). */
  userEpoch: string | undefined;
  /** The session secret's hash, to check later that the session still signs the user in; never the secret. */
  secretHash: string;
  /** When the session stops signing the user in: a socket hears nothing after it. */
  expire: Date;
  account: UserDto;
}

/**
 * The session a realtime connection presents (the cookie value, as `X-Fallback-Cookies` or the
 * `authentication` message carry it), resolved exactly as an HTTP request's is: unexpired,
 * opened for the user as they are now, the user not blocked. Anything else is undefined.
 */
export async function resolveRealtimeSession(
  deps: ApiDeps,
  token: string | undefined,
): Promise<RealtimeSession | undefined> {
  const decoded = token ? decodeSessionToken(token) : undefined;
  if (!decoded) return undefined;
  const secretHash = sha256(decoded.secret);
  return sessionStillValid(deps, { secretHash, userId: decoded.userId });
}

/** `resolveRealtimeSession` again from the stored hash: the session may have been deleted or the user blocked since. */
export async function sessionStillValid(
  deps: ApiDeps,
  { secretHash, userId }: { secretHash: string; userId?: string | undefined },
): Promise<RealtimeSession | undefined> {
  const signedIn = await deps.repos.sessions.signedIn(secretHash);
  if (!signedIn) return undefined;
  const { session, user } = signedIn;
  if (userId !== undefined && userId !== session.userId) return undefined;
  if (!user.status) return undefined;
  return {
    userId: user._id,
    sessionId: session._id,
    userEpoch: user.epoch ?? undefined,
    secretHash,
    expire: session.expire,
    account: toUserDto(user),
  };
}
