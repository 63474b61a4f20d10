/**
 * Appwrite's OAuth2 provider ids (its SDKs' `OAuthProvider` enum) whose providers speak OpenID
 * Connect with discovery: an operator configures any of them as a generic OIDC provider, and the
 * official SDKs' enums name it. `oidc` is Appwrite's generic one.
 */
export const OIDC_PROVIDER_IDS = [
  'oidc',
  'auth0',
  'authentik',
  'fusionauth',
  'gitlab',
  'google',
  'keycloak',
  'linkedin',
  'microsoft',
  'okta',
  'salesforce',
  'yahoo',
] as const;
export type OidcProviderId = (typeof OIDC_PROVIDER_IDS)[number];

/** One configured OpenID Provider (`ROSTER_OAUTH2_PROVIDERS`, docs/configuration.md#oauth2-sign-in). */
export interface OAuth2ProviderConfig {
  id: OidcProviderId;
  /** Shown on sign-in buttons ("Sign in with <name>"). */
  name: string;
  /** The issuer; its `/.well-known/openid-configuration` is read on first use. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The OAuth2 sign-in settings (docs/configuration.md#oauth2-sign-in). */
export interface OAuth2Config {
  providers: readonly OAuth2ProviderConfig[];
  /**
   * Where the provider sends the browser back: `<base>/v1/account/sessions/oauth2/callback/…`.
   * `ROSTER_PUBLIC_URL` when set; else the request's own scheme and host (development).
   */
  callbackBase?: string | undefined;
  /** Plain http to a provider on the loopback interface (development and tests only). */
  allowLoopbackHttp: boolean;
  /** Each request to a provider is aborted after this long. */
  timeoutMs: number;
}
