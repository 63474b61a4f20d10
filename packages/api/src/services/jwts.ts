import { type StoredSession, type UserTie } from '@roster/db';
import { jwtKeys, jwtSecretOf } from '../auth/jwt-keys.ts';
import { signJwt, type JwtTeam } from '../auth/jwt.ts';
import { type UserPrincipal } from '../auth/principal.ts';
import { type ApiDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { getUser } from './users.ts';

/** The most memberships a JWT carries with `teams: true` (docs/api.md#jwts): it travels in a header. */
export const MAX_JWT_TEAMS = 50;

/** How many confirmed memberships are read at most to find the live ones. */
const TEAMS_SCAN = 1000;

export interface JwtOptions {
  /** Seconds, 0–3600 by validation; 0 is refused here (Appwrite answers 500). */
  duration: number;
  /** Roster's extension: carry the user's confirmed memberships (`teams: [{ id, roles }]`). */
  teams: boolean;
}

type JwtDeps = Pick<ApiDeps, 'repos' | 'config'>;

/**
 * POST /v1/account/jwts: a JWT bound to the caller's current session. A caller authenticated by a
 * JWT has no current session: 404 `user_session_not_found`, as in Appwrite.
 */
export async function createAccountJwt(
  deps: JwtDeps,
  user: UserPrincipal,
  options: JwtOptions,
): Promise<{ jwt: string }> {
  if (user.jwt || !user.sessionId) throw new AppError('user_session_not_found');
  return issue(deps, { _id: user.userId, epoch: user.userEpoch }, user.sessionId, options);
}

/**
 * POST /v1/users/{userId}/jwts: a JWT for a user, bound to the session `sessionId` of that user,
 * to their latest session (`recent`), or to none (`''`, the default: it then stays valid until it
 * expires whatever happens to the sessions). An unknown user is 404 `user_not_found`; a session
 * that is not the user's, or `recent` without any, is 404 `user_session_not_found` (Appwrite
 * silently binds to none: docs/appwrite-compatibility.md#jwts).
 */
export async function createUserJwt(
  deps: JwtDeps,
  userId: string,
  sessionId: string,
  options: JwtOptions,
): Promise<{ jwt: string }> {
  const user = await getUser(deps.repos, userId);
  let session: StoredSession | null = null;
  if (sessionId === 'recent') {
    // The user's sessions that still sign them in, oldest first: the last is the latest.
    session = (await deps.repos.sessions.activeOf(user)).at(-1) ?? null;
  } else if (sessionId) {
    session = (await deps.repos.sessions.signedInById(sessionId, userId))?.session ?? null;
  }
  if (sessionId && !session) throw new AppError('user_session_not_found');
  return issue(deps, { _id: user._id, epoch: user.epoch ?? undefined }, session?._id ?? '', options);
}

async function issue(
  deps: JwtDeps,
  user: UserTie,
  sessionId: string,
  options: JwtOptions,
): Promise<{ jwt: string }> {
  if (options.duration < 1) {
    throw new AppError(
      'general_argument_invalid',
      'Invalid `duration` param: a JWT must live at least 1 second',
    );
  }
  const teams = options.teams ? await confirmedTeams(deps, user) : undefined;
  const keys = await jwtKeys(jwtSecretOf(deps.config));
  return { jwt: await signJwt(keys, { userId: user._id, sessionId, teams }, options.duration) };
}

/** The user's confirmed memberships as of now, oldest first; more than MAX_JWT_TEAMS is refused. */
async function confirmedTeams(deps: JwtDeps, user: UserTie): Promise<JwtTeam[]> {
  const { memberships, complete } = await deps.repos.memberships.confirmedOfUser(user, TEAMS_SCAN);
  if (!complete || memberships.length > MAX_JWT_TEAMS) {
    throw new AppError(
      'general_argument_invalid',
      `Invalid \`teams\` param: the user has more than ${MAX_JWT_TEAMS} teams, more than a JWT carries`,
    );
  }
  return memberships.map((membership) => ({ id: membership.teamId, roles: membership.roles }));
}
