import { randomBytes } from 'node:crypto';
import { type StoredUser } from '@roster/db';
import * as client from 'openid-client';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { AppError, ERROR_TYPES } from '../errors.ts';
import { digestsEqual, sha256 } from '../lib/secrets.ts';
import { type OidcClient, type ProviderUser } from '../oauth2/oidc-client.ts';
import { type OAuth2ProviderConfig } from '../oauth2/providers.ts';
import { clearCredentials } from './credentials.ts';
import { assertRedirectUrl } from './redirect-url.ts';
import { deleteUserSession, openSession, type OpenedSession } from './sessions.ts';
import { createUser } from './users.ts';

/** A flow must come back from the provider within this long. */
export const OAUTH2_FLOW_TTL_SECONDS = 600;
/** An OAuth2 token (the token route) is exchanged for a session within this long, as Appwrite's. */
export const OAUTH2_TOKEN_TTL_SECONDS = 60;

type Deps = Pick<ApiDeps, 'repos' | 'config'> & { oidc: OidcClient };

/** The cookie that binds a flow to the browser that started it (named after the flow). */
export const flowCookieName = (state: string) => `a_oauth2_${sha256(state).slice(0, 16)}`;
export const FLOW_COOKIE_PATH = '/v1/account/sessions/oauth2/callback';

const random = () => randomBytes(32).toString('base64url');

export function callbackPath(provider: string, projectId: string): string {
  return `/v1/account/sessions/oauth2/callback/${provider}/${projectId}`;
}

/** The configured provider of `id` (case-insensitive, as Appwrite's), else 412 `project_provider_disabled`. */
export function providerOf(deps: Pick<ApiDeps, 'config'>, id: string): OAuth2ProviderConfig {
  const provider = deps.config.oauth2?.providers.find((p) => p.id === id.toLowerCase());
  if (!provider) throw new AppError('project_provider_disabled');
  return provider;
}

function checkRedirect(value: string, allowed: readonly string[], type: 'success' | 'failure'): void {
  try {
    assertRedirectUrl(value, allowed);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError(
      type === 'success' ? 'project_invalid_success_url' : 'project_invalid_failure_url',
      `${ERROR_TYPES[`project_invalid_${type}_url`].message}${error.message.replace(/^[^.]*\./, '')}`,
    );
  }
}

export interface StartedFlow {
  /** The provider's authorization URL (the 301's Location). */
  location: string;
  /** The `state` (names the binder cookie) and the binder (its value). */
  state: string;
  binder: string;
}

/**
 * `GET /v1/account/sessions|tokens/oauth2/{provider}`: records the flow (state, PKCE verifier,
 * nonce, the checked success and failure URLs, the signed-in user if any) and answers the
 * provider's authorization URL. The success and failure URLs pass the redirect allow-list here,
 * before anything is stored.
 */
export async function startOAuth2(
  deps: Deps,
  actor: Actor,
  input: { provider: string; success?: string | undefined; failure?: string | undefined; scopes?: string[] },
  options: { token: boolean; callbackBase: string },
): Promise<StartedFlow> {
  const provider = providerOf(deps, input.provider);
  const { redirectHosts, publicUrl } = deps.config;
  const success = input.success || publicUrl || '';
  checkRedirect(success, redirectHosts, 'success');
  if (input.failure) checkRedirect(input.failure, redirectHosts, 'failure');
  const state = random();
  const binder = random();
  const codeVerifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const location = await deps.oidc.authorizationUrl(provider, {
    redirectUri: `${options.callbackBase}${callbackPath(provider.id, deps.config.projectId)}`,
    state,
    codeVerifier,
    nonce,
    scopes: input.scopes ?? [],
  });
  const { principal } = actor;
  await deps.repos.oauth2Flows.create({
    _id: sha256(state),
    provider: provider.id,
    binderHash: sha256(binder),
    codeVerifier,
    nonce,
    success,
    failure: input.failure ?? '',
    token: options.token,
    ...(principal.kind === 'user' ? { userId: principal.userId } : {}),
    expire: new Date(Date.now() + OAUTH2_FLOW_TTL_SECONDS * 1000),
  });
  return { location, state, binder };
}

export interface CallbackInput {
  provider: string;
  state: string;
  code?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
  /** Every query parameter the provider sent (`iss` included), for openid-client's checks. */
  query: Record<string, string>;
  /** The flow's binder cookie, if the browser sent one. */
  binder: string | undefined;
}

export type CallbackResult =
  { kind: 'session'; location: string; opened: OpenedSession } | { kind: 'redirect'; location: string };

const unknownFlow = () =>
  new AppError(
    'user_oauth2_bad_request',
    'This sign-in is unknown, was used already, has expired or was started in another browser. Start the sign-in again.',
  );

/**
 * The provider's callback: the flow of `state` is taken (once; expired or unknown → 400
 * `user_oauth2_bad_request`), must have been started by this browser (its binder cookie), then
 * the code is exchanged and the ID token validated, and the provider account signs in, links or
 * signs up (see `resolveUser`). Failures after the flow is known go to its failure URL.
 */
export async function completeOAuth2(
  deps: Deps,
  actor: Actor,
  input: CallbackInput,
  callbackBase: string,
): Promise<CallbackResult> {
  const flow = await deps.repos.oauth2Flows.take(sha256(input.state));
  if (!flow || flow.provider !== input.provider.toLowerCase()) throw unknownFlow();
  if (!input.binder || !digestsEqual(sha256(input.binder), flow.binderHash)) throw unknownFlow();
  try {
    const provider = providerOf(deps, flow.provider);
    if (input.error) {
      const detail = input.errorDescription ? `${input.error}: ${input.errorDescription}` : input.error;
      throw new AppError(
        'user_oauth2_provider_error',
        `The ${provider.name} OAuth2 provider returned an error: ${detail}`,
      );
    }
    if (!input.code) throw new AppError('user_oauth2_provider_error');
    const redirectUri = `${callbackBase}${callbackPath(provider.id, deps.config.projectId)}`;
    const callbackUrl = new URL(redirectUri);
    for (const [name, value] of Object.entries(input.query)) callbackUrl.searchParams.set(name, value);
    const account = await deps.oidc.exchange(provider, callbackUrl, {
      state: input.state,
      codeVerifier: flow.codeVerifier,
      nonce: flow.nonce,
      redirectUri,
    });
    if (!account.uid) throw new AppError('user_missing_id');
    const user = await signInUser(deps, actor, provider, account, flow.userId ?? undefined);
    if (flow.token) {
      const secret = randomBytes(32).toString('hex');
      await deps.repos.tokens.create({
        user,
        kind: 'oauth2',
        provider: provider.id,
        secretHash: sha256(secret),
        expire: new Date(Date.now() + OAUTH2_TOKEN_TTL_SECONDS * 1000),
      });
      const location = new URL(flow.success);
      location.searchParams.set('userId', user._id);
      location.searchParams.set('secret', secret);
      return { kind: 'redirect', location: location.toString() };
    }
    const opened = await openSession(deps.repos, {
      user,
      durationSeconds: deps.config.sessionDurationSeconds,
      provider: provider.id,
      providerUid: account.uid,
      // Two factors, as Appwrite's OAuth2 sessions: the provider's sign-in is the second.
      factors: ['email', 'oauth2'],
      client: actor,
      by: actor,
    });
    // Linking replaces the session that asked for it, as in Appwrite.
    const { principal } = actor;
    if (flow.userId && principal.kind === 'user' && principal.sessionId && !principal.jwt) {
      await deleteUserSession(deps.repos, actor, principal.userId, principal.sessionId).catch(() => {});
    }
    return { kind: 'session', location: flow.success, opened };
  } catch (error) {
    if (!(error instanceof AppError) || !flow.failure) throw error;
    const location = new URL(flow.failure);
    location.searchParams.set(
      'error',
      JSON.stringify({ message: error.message, type: error.type, code: error.status }),
    );
    return { kind: 'redirect', location: location.toString() };
  }
}

const unverifiedEmailTaken = () =>
  new AppError(
    'general_bad_request',
    'The OAuth2 provider did not verify this email address, and an account with it exists. Sign in to that account and link the provider from there.',
  );

/**
 * Who the provider account signs in as:
 * - linking (the flow was started signed in): that user, unless the provider account, or its
 *   email, is another user's (409 `user_already_exists`);
 * - the user its identity links to;
 * - else the user with its email, only when the provider says `email_verified: true` (an
 *   unverified claim never attaches to an existing account: 400 `general_bad_request`, nothing
 *   is created); that first proof of the address clears whatever credentials were set on an
 *   unverified account before (review finding 1), as a mailed sign-in does;
 * - else a new user (email verified if the provider says so).
 * A new identity is then recorded; (provider, providerUid) is unique, so concurrent callbacks of
 * one provider account make one identity and sign in one user.
 */
async function signInUser(
  deps: Deps,
  actor: Actor,
  provider: OAuth2ProviderConfig,
  account: ProviderUser,
  linkingUserId: string | undefined,
): Promise<StoredUser> {
  const { repos } = deps;
  const emailLower = account.email.toLowerCase();
  let user: StoredUser | null = null;
  let created = false;
  const existing = await repos.identities.byProvider(provider.id, account.uid);
  if (linkingUserId) {
    const { principal } = actor;
    if (principal.kind !== 'user' || principal.userId !== linkingUserId)
      throw new AppError('user_unauthorized');
    user = await repos.users.byId(linkingUserId);
    if (!user) throw new AppError('user_unauthorized');
    if (existing && existing.userId !== user._id) throw new AppError('user_already_exists');
    if (
      emailLower &&
      ((await repos.users.emailTakenByOther(emailLower, user._id)) ||
        (await repos.identities.emailOfOther(emailLower, user._id)))
    ) {
      throw new AppError('user_already_exists');
    }
  } else if (existing) {
    user = await repos.users.byId(existing.userId);
  }
  if (!user) {
    if (!emailLower) throw new AppError('user_unauthorized', 'OAuth provider failed to return email.');
    const byEmail = await repos.users.byEmail(emailLower);
    if (byEmail) {
      if (!account.emailVerified) throw unverifiedEmailTaken();
      user = byEmail;
    }
  }
  if (!user) {
    try {
      user = await createUser(repos, { userId: 'unique()', email: account.email, name: account.name }, actor);
      created = true;
    } catch (error) {
      // A concurrent callback of the same provider account created the user first.
      if (!(error instanceof AppError) || error.type !== 'user_already_exists') throw error;
      user = await repos.users.byEmail(emailLower);
      if (!user || !account.emailVerified) throw error;
    }
  }
  if (!user.status) throw new AppError('user_blocked');
  if (!existing || existing.userId !== user._id) {
    if (emailLower && !linkingUserId && (await repos.identities.emailOfOther(emailLower, user._id))) {
      throw new AppError('general_bad_request', 'Another account is linked with this email address.');
    }
    const identity = await repos.identities.create({
      user,
      provider: provider.id,
      providerUid: account.uid,
      providerEmail: emailLower,
    });
    if (!identity) {
      const winner = await repos.identities.byProvider(provider.id, account.uid);
      if (!winner || winner.userId === user._id) return user;
      if (!created) throw new AppError('user_already_exists');
      // Two first sign-ins of one provider account raced: the other one's user is the user.
      await repos.users.delete(user);
      const other = await repos.users.byId(winner.userId);
      if (!other) throw new AppError('user_already_exists');
      user = other;
    }
  }
  if (account.emailVerified && emailLower === user.email?.toLowerCase() && !user.emailVerification) {
    if (!created) await clearCredentials(repos, user._id);
    await repos.users.markEmailVerified(user._id);
    user = { ...user, emailVerification: true };
  }
  return user;
}
