import { randomBytes } from 'node:crypto';
import { type StoredToken, type TokenKind } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { toTokenDto } from '../dto/token.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events/record.ts';
import { sha256 } from '../lib/secrets.ts';
import { clearCredentials } from './credentials.ts';
import { openSession, type OpenedSession } from './sessions.ts';
import { getUser } from './users.ts';
import { alertNewSession } from './session-alert.ts';

/**
 * The session a token opens (Appwrite's factor and provider by token type). Verification and
 * recovery tokens open none: 401 `user_invalid_token`, as Appwrite for types 2 and 3.
 */
const SESSION_OF: Partial<Record<TokenKind, { factor: string; provider: string }>> = {
  generic: { factor: 'token', provider: 'token' },
  'magic-url': { factor: 'email', provider: 'magic-url' },
  email: { factor: 'email', provider: 'token' },
  // The provider is the token's (OAuth2 sign-in's token route).
  oauth2: { factor: 'email', provider: 'oauth2' },
};

/** Tokens whose use proves the user holds their email address. */
const PROVES_EMAIL: ReadonlySet<TokenKind> = new Set(['magic-url', 'email']);

/**
 * `POST /v1/users/{userId}/tokens`: a token an API key makes for a custom sign-in flow. The secret
 * is `length` lowercase hex characters, returned once; only its SHA-256 is stored.
 */
export async function createUserToken(
  deps: Pick<ApiDeps, 'repos'>,
  actor: Actor,
  input: { userId: string; length: number; expireSeconds: number },
): Promise<{ token: StoredToken; secret: string }> {
  const { repos } = deps;
  const user = await getUser(repos, input.userId);
  const secret = randomBytes(Math.ceil(input.length / 2))
    .toString('hex')
    .slice(0, input.length);
  const token = await recordEvent(
    repos,
    actor,
    {
      template: 'users.[userId].tokens.[tokenId].create',
      params: { userId: user._id, tokenId: '' },
      target: { collection: 'tokens', filter: { userId: user._id }, kind: 'write' },
      idParam: 'tokenId',
    },
    () =>
      repos.tokens.create({
        user,
        kind: 'generic',
        secretHash: sha256(secret),
        expire: new Date(Date.now() + input.expireSeconds * 1000),
      }),
    (created) => ({ payload: toTokenDto(created), params: { tokenId: created._id } }),
  );
  return { token, secret };
}

/**
 * `POST /v1/account/sessions/token`: exchanges a user's token for a session, in Appwrite's order:
 * unknown user, no unexpired token with this secret → 401 `user_invalid_token`. The token is used
 * up by exactly one of concurrent exchanges (the others get the same 401). Unlike Appwrite, a
 * blocked user gets 403 `user_blocked` here rather than a session that every later call refuses
 * (docs/appwrite-compatibility.md), and the token stays unused. A mailed token (magic URL, email
 * code) marks the email verified; the first one also clears a password and sessions set before.
 */
export async function signInWithToken(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'mail'>,
  actor: Actor,
  input: { userId: string; secret: string },
): Promise<OpenedSession> {
  const { repos, config } = deps;
  const user = await repos.users.byId(input.userId);
  if (!user) throw new AppError('user_invalid_token');
  const token = await repos.tokens.valid(user, sha256(input.secret));
  const opens = token ? SESSION_OF[token.kind] : undefined;
  // A verification or recovery token is refused before it is used: it stays valid for its purpose.
  if (!token || !opens) throw new AppError('user_invalid_token');
  if (!user.status) throw new AppError('user_blocked');
  if (!(await repos.tokens.use(token))) throw new AppError('user_invalid_token');
  const { factor } = opens;
  const provider = token.kind === 'oauth2' ? (token.provider ?? opens.provider) : opens.provider;
  // The first proof that the user holds the address (review finding 1): whoever signed up with it
  // before may have set a password and holds sessions; they go, as on an invitation's accept.
  if (PROVES_EMAIL.has(token.kind) && !user.emailVerification) await clearCredentials(repos, user._id);
  const opened = await openSession(repos, {
    user,
    durationSeconds: config.sessionDurationSeconds,
    provider,
    providerUid: PROVES_EMAIL.has(token.kind) ? (user.email ?? '') : '',
    factors: [factor],
    client: actor,
    by: actor,
    lostRace: 'user_invalid_token',
  });
  if (PROVES_EMAIL.has(token.kind) && !user.emailVerification) await repos.users.markEmailVerified(user._id);
  await alertNewSession(deps, actor, user, opened.session);
  return opened;
}
