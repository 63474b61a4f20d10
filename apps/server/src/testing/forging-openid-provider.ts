import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** What the next ID token says; each field defaults to the honest value. */
export interface Forgery {
  iss?: string;
  aud?: string;
  nonce?: string;
  sub: string;
  email: string;
}

/**
 * A minimal OpenID Provider on 127.0.0.1 that signs whatever ID token the test asks for with its
 * own published key: what a provider that is compromised, misconfigured or replaying another
 * client's tokens would send. Its token endpoint accepts any code.
 */
export async function startForgingProvider(clientId: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'forging', alg: 'RS256', use: 'sig' };
  let next: Forgery | undefined;
  let issuer = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', issuer).pathname;
      const json = (body: unknown) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      if (path === '/.well-known/openid-configuration') {
        return json({
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          userinfo_endpoint: `${issuer}/me`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (path === '/jwks') return json({ keys: [jwk] });
      if (path === '/token' && next) {
        for await (const _ of req);
        const idToken = await new SignJWT({
          nonce: next.nonce,
          email: next.email,
          email_verified: true,
        })
          .setProtectedHeader({ alg: 'RS256', kid: 'forging' })
          .setIssuer(next.iss ?? issuer)
          .setAudience(next.aud ?? clientId)
          .setSubject(next.sub)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
        return json({
          access_token: 'forged-access-token',
          token_type: 'Bearer',
          expires_in: 300,
          id_token: idToken,
        });
      }
      if (path === '/me' && next) return json({ sub: next.sub, email: next.email, email_verified: true });
      res.statusCode = 404;
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get issuer() {
      return issuer;
    },
    forge(forgery: Forgery) {
      next = forgery;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
