import * as client from 'openid-client';
import { AppError } from '../errors.ts';
import { type OAuth2Config, type OAuth2ProviderConfig } from './providers.ts';
import { providerFetch } from './provider-fetch.ts';

/** What the provider says about the user, once the ID token is validated. */
export interface ProviderUser {
  /** `sub`: the provider's id of the user. */
  uid: string;
  email: string;
  /** `email_verified: true` only; a missing or other value is false. */
  emailVerified: boolean;
  name: string;
}

export interface OidcClient {
  /** The provider's authorization URL for one flow (`state`, PKCE S256 challenge, `nonce`). */
  authorizationUrl(
    provider: OAuth2ProviderConfig,
    params: { redirectUri: string; state: string; codeVerifier: string; nonce: string; scopes: string[] },
  ): Promise<string>;
  /**
   * Exchanges the code the callback got (its full URL) and validates the ID token: signature by
   * the provider's keys, `iss`, `aud`, `exp`, `nonce`, and `state` against the flow's. The user
   * info endpoint adds the profile claims an ID token may leave out (its `sub` must match).
   * `callbackUrl` is `checks.redirectUri` with the callback's query: the redirect_uri sent with
   * the code is read from it.
   */
  exchange(
    provider: OAuth2ProviderConfig,
    callbackUrl: URL,
    checks: { state: string; codeVerifier: string; nonce: string; redirectUri: string },
  ): Promise<ProviderUser>;
}

/** The openid-client errors a provider's answer causes, as Appwrite's OAuth2 error types. */
function providerError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof client.ResponseBodyError) {
    const detail = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    if (error.status === 400) return new AppError('user_oauth2_bad_request', detail);
    if (error.status === 401) return new AppError('user_oauth2_unauthorized', detail);
    return new AppError('user_oauth2_provider_error', detail);
  }
  // A validation failure of the ID token (wrong issuer, audience, nonce, signature…) or an
  // unreachable provider: the message is openid-client's, it names the check, not a secret.
  const message = error instanceof Error ? error.message : 'unknown error';
  // openid-client's cause names the failed check (e.g. `unexpected JWT "aud" (audience) claim value`).
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return new AppError(
    'user_oauth2_provider_error',
    `The OAuth2 provider returned an error: ${message}${cause}`,
  );
}

/**
 * OpenID Connect through openid-client (certified relying-party library): discovery once per
 * provider, then the authorization code flow with PKCE and nonce.
 */
export function createOidcClient(config: OAuth2Config, connect: typeof fetch = fetch): OidcClient {
  const fetcher = providerFetch(config, connect);
  const discovered = new Map<string, Promise<client.Configuration>>();

  function configurationOf(provider: OAuth2ProviderConfig): Promise<client.Configuration> {
    let found = discovered.get(provider.id);
    if (!found) {
      found = client
        .discovery(
          new URL(provider.issuer),
          provider.clientId,
          { client_secret: provider.clientSecret },
          client.ClientSecretPost(provider.clientSecret),
          {
            [client.customFetch]: fetcher,
            timeout: Math.ceil(config.timeoutMs / 1000),
            // The fetch above allows http only to loopback, and only when configured.
            ...(config.allowLoopbackHttp ? { execute: [client.allowInsecureRequests] } : {}),
          },
        )
        .then((configuration) => {
          configuration[client.customFetch] = fetcher;
          return configuration;
        });
      // A failed discovery is tried again on the next sign-in.
      found.catch(() => discovered.delete(provider.id));
      discovered.set(provider.id, found);
    }
    return found.catch((error: unknown) => {
      throw providerError(error);
    });
  }

  return {
    async authorizationUrl(provider, params) {
      const configuration = await configurationOf(provider);
      const scope = [...new Set(['openid', 'profile', 'email', ...params.scopes])].join(' ');
      return client
        .buildAuthorizationUrl(configuration, {
          redirect_uri: params.redirectUri,
          scope,
          state: params.state,
          nonce: params.nonce,
          code_challenge: await client.calculatePKCECodeChallenge(params.codeVerifier),
          code_challenge_method: 'S256',
        })
        .toString();
    },

    async exchange(provider, callbackUrl, checks) {
      const configuration = await configurationOf(provider);
      try {
        const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims()!;
        const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        const merged = { ...info, ...claims };
        return {
          uid: claims.sub,
          email: typeof merged.email === 'string' ? merged.email.trim() : '',
          emailVerified: merged.email_verified === true,
          name: typeof merged.name === 'string' ? merged.name : '',
        };
      } catch (error) {
        throw providerError(error);
      }
    },
  };
}
