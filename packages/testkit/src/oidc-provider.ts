// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- oidc-provider has no types; every program compiling this file needs the declaration
/// <reference path="./oidc-provider-module.d.ts" />
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A user of the test OpenID Provider: what its ID token and user info say. */
export interface OidcAccount {
  sub: string;
  email?: string;
  /** Sent as given (`email_verified`); omitted when undefined. */
  emailVerified?: boolean;
  name?: string;
}

export interface OidcClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestOpenIdProvider {
  /** `http://127.0.0.1:<port>`: the issuer, whose discovery document is at /.well-known/openid-configuration. */
  issuer: string;
  /** The account the next sign-in at this provider logs in as (there is no login form). */
  signInAs(account: OidcAccount): void;
  /** Registers a client (the relying party), e.g. once its callback URL is known. */
  register(client: OidcClientRegistration): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider for tests: panva's `oidc-provider` (OpenID Certified), listening on
 * 127.0.0.1 only, with the authorization code flow and PKCE required. Its login and consent
 * prompts complete at once as the account given to `signInAs`, so a browser (or fetch following
 * redirects with a cookie jar) goes straight through to the client's callback.
 */
export async function startOpenIdProvider(options: { port?: number } = {}): Promise<TestOpenIdProvider> {
  const clients: OidcClientRegistration[] = [];
  const accounts = new Map<string, OidcAccount>();
  let next: OidcAccount | undefined;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let provider: Provider | undefined;
  const build = () =>
    new Provider(issuer, {
      clients: clients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      })),
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      findAccount: (_ctx: unknown, id: string) => {
        const account = accounts.get(id);
        if (!account) return undefined;
        return {
          accountId: id,
          claims: () => ({
            sub: account.sub,
            ...(account.email === undefined ? {} : { email: account.email }),
            ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
            ...(account.name === undefined ? {} : { name: account.name }),
          }),
        };
      },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      features: { devInteractions: { enabled: false } },
      cookies: { keys: ['test-openid-provider-cookie-key'] },
      ttl: {
        Session: 60,
        Interaction: 600,
        Grant: 600,
        AccessToken: 600,
        IdToken: 600,
        AuthorizationCode: 60,
      },
    });

  server.on('request', (req, res) => {
    if (!provider) provider = build();
    const current = provider;
    if (req.url?.startsWith('/interaction/')) {
      void (async () => {
        try {
          const details = await current.interactionDetails(req, res);
          if (details.prompt.name === 'login') {
            if (!next) throw new Error('signInAs() was not called');
            accounts.set(next.sub, next);
            // Every sign-in asks again (no remembered login).
            await current.interactionFinished(req, res, { login: { accountId: next.sub, remember: false } });
            return;
          }
          const grant = details.grantId
            ? ((await current.Grant.find(details.grantId)) ?? undefined)
            : new current.Grant({
                accountId: details.session!.accountId,
                clientId: String(details.params.client_id),
              });
          grant!.addOIDCScope(String(details.params.scope));
          const grantId = await grant!.save();
          await current.interactionFinished(
            req,
            res,
            { consent: { grantId } },
            { mergeWithLastSubmission: true },
          );
        } catch (error) {
          res.statusCode = 500;
          res.end(String(error));
        }
      })();
      return;
    }
    current.callback()(req, res);
  });

  return {
    issuer,
    signInAs(account) {
      next = account;
    },
    register(client) {
      clients.push(client);
      provider = undefined;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
