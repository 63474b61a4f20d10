import { parse as parseCookies } from 'cookie';
import { AppError } from '../errors.ts';
import { digestsEqual, sha256 } from '../lib/secrets.ts';
import { ACCESSED_AT_GRANULARITY_MS, SCOPES, type StoredSession, type StoredUser } from '@roster/db';
import { mfaRestricted } from '../services/mfa/factors.ts';
import { type ApiDeps } from '../deps.ts';
import { header, type HttpRequest } from '../http.ts';
import { jwtKeys, jwtSecretOf } from './jwt-keys.ts';
import { verifyJwt } from './jwt.ts';
import { type Principal, type UserPrincipal } from './principal.ts';
import { decodeSessionToken, sessionCookieName } from './session-token.ts';

/**
 * The session token of a request, from (in order) `X-Appwrite-Session`, the cookie
 * `a_session_<project>`, its `_legacy` twin, or `X-Fallback-Cookies`
 * (docs/appwrite-compatibility.md#principals-and-authentication).
 */
export function sessionTokenOf(req: HttpRequest, projectId: string): string | undefined {
  const name = sessionCookieName(projectId);
  const fromHeader = header(req, 'x-appwrite-session');
  if (fromHeader) return fromHeader;
  const cookieHeader = header(req, 'cookie');
  if (cookieHeader) {
    const cookies = parseCookies(cookieHeader);
    const value = cookies[name] ?? cookies[`${name}_legacy`];
    if (value) return value;
  }
  const fallback = header(req, 'x-fallback-cookies');
  if (fallback) {
    try {
      const value = (JSON.parse(fallback) as Record<string, unknown>)[name];
      if (typeof value === 'string' && value) return value;
    } catch {
      // malformed fallback cookies are ignored, like a missing header
    }
  }
  return undefined;
}

/**
 * Resolves who is calling (docs/appwrite-compatibility.md#principals-and-authentication). A wrong project is
 * 404 `project_not_found`; an unknown or expired API key is 401; an unknown or expired session is simply a
 * guest, as in Appwrite. An `X-Appwrite-JWT` is checked when no API key is sent: beside a valid session
 * it is 403 `user_jwt_and_cookie_set`, else it decides (`jwtPrincipal`).
 */
export async function resolvePrincipal(deps: ApiDeps, req: HttpRequest): Promise<Principal> {
  const { config, repos } = deps;
  const project = header(req, 'x-appwrite-project');
  if (project !== undefined && project !== config.projectId) throw new AppError('project_not_found');

  const key = header(req, 'x-appwrite-key');
  if (key) {
    const keyHash = sha256(key);
    if (config.bootstrapApiKey && digestsEqual(keyHash, sha256(config.bootstrapApiKey))) {
      return { kind: 'key', keyId: 'bootstrap', scopes: SCOPES };
    }
    const apiKey = await repos.apiKeys.bySecretHash(keyHash);
    if (!apiKey) throw new AppError('user_unauthorized');
    if (apiKey.expire && apiKey.expire.getTime() <= Date.now()) throw new AppError('project_key_expired');
    return { kind: 'key', keyId: apiKey._id, scopes: apiKey.scopes };
  }

  const fromSession = await sessionPrincipal(deps, req);
  const jwt = header(req, 'x-appwrite-jwt');
  if (jwt) {
    // Appwrite refuses the two together rather than choosing one.
    if (fromSession.kind === 'user') throw new AppError('user_jwt_and_cookie_set');
    return jwtPrincipal(deps, jwt);
  }
  return fromSession;
}

/**
 * Records the user's access (the User model's `accessedAt`), as Appwrite at most once a day: most
 * requests only compare dates; the write itself is conditional (`users.touchAccessedAt`).
 */
async function noteAccess(deps: ApiDeps, user: StoredUser): Promise<void> {
  const last = user.accessedAt?.getTime();
  if (last !== undefined && Date.now() - last < ACCESSED_AT_GRANULARITY_MS) return;
  await deps.repos.users.touchAccessedAt(user._id);
}

async function sessionPrincipal(deps: ApiDeps, req: HttpRequest): Promise<Principal> {
  const token = sessionTokenOf(req, deps.config.projectId);
  const decoded = token ? decodeSessionToken(token) : undefined;
  if (!decoded) return { kind: 'guest' };
  // Unexpired, and opened for the user as they are now (not a deleted one with the same id).
  const signedIn = await deps.repos.sessions.signedIn(sha256(decoded.secret));
  if (!signedIn) return { kind: 'guest' };
  const { session, user } = signedIn;
  if (decoded.userId !== undefined && decoded.userId !== session.userId) return { kind: 'guest' };
  const principal = userPrincipal(user, session);
  await noteAccess(deps, user);
  return principal;
}

/**
 * The principal of an `X-Appwrite-JWT` (docs/api.md#jwts): a bad signature, another key, an expired
 * or malformed token is 401 `user_jwt_invalid`; a token whose session was deleted (or expired), or
 * whose user is gone, is a guest, as in Appwrite.
 */
async function jwtPrincipal(deps: ApiDeps, token: string): Promise<Principal> {
  const claims = await verifyJwt(await jwtKeys(jwtSecretOf(deps.config)), token);
  if (!claims.userId) return { kind: 'guest' };
  if (claims.sessionId) {
    const signedIn = await deps.repos.sessions.signedInById(claims.sessionId, claims.userId);
    if (!signedIn) return { kind: 'guest' };
    const principal = userPrincipal(signedIn.user, signedIn.session);
    await noteAccess(deps, signedIn.user);
    return { ...principal, jwt: true };
  }
  // Bound to no session (users.createJWT without one): valid for the user it was issued for, not
  // for a user created under the same id after it (the JWT is older than them).
  const user = await deps.repos.users.byId(claims.userId);
  if (!user || user.createdAt.getTime() > (claims.iat + 1) * 1000) return { kind: 'guest' };
  const principal = userPrincipal(user);
  await noteAccess(deps, user);
  return { ...principal, jwt: true };
}

/**
 * The principal of `user` signed in with `session` (none: a JWT bound to no session, which only
 * an API key issues and so carries no MFA state). A JWT bound to a session inherits its MFA state,
 * so it cannot be used to skip the second factor.
 */
function userPrincipal(user: StoredUser, session?: StoredSession): UserPrincipal {
  if (!user.status) throw new AppError('user_blocked');
  return {
    kind: 'user',
    userId: user._id,
    email: user.email ?? '',
    name: user.name ?? '',
    sessionId: session?._id ?? '',
    userEpoch: user.epoch ?? undefined,
    ...(session
      ? { mfaRestricted: mfaRestricted(user, session), mfaUpdatedAt: session.mfaUpdatedAt ?? undefined }
      : {}),
  };
}

/**
 * Whether the request carries a valid API key, whatever its scopes (the details of `/health`);
 * a missing, unknown or expired key is simply no.
 */
export async function hasValidApiKey(deps: ApiDeps, req: HttpRequest): Promise<boolean> {
  if (req.headers['x-appwrite-key'] === undefined) return false;
  try {
    return (await resolvePrincipal(deps, req)).kind === 'key';
  } catch {
    return false;
  }
}
