import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, exportJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { rest } from '../testing/http-client.ts';
import { TEST_SECRET_KEY, useTestServer } from '../testing/http-server.ts';

/**
 * JWTs (issue 15): a token handed to another backend must give exactly its session's rights and
 * nothing an attacker can mint. Attacks: `alg: none`, HS256 signed with the public key (algorithm
 * confusion) or with the server secret itself (Appwrite's own scheme), a key embedded in the
 * header, a tampered payload, a token of a rotated key, and the token in the logs.
 */
const lines: string[] = [];
const capture = { write: (line: string) => void lines.push(line) };
const API_KEY = `bootstrap-${randomBytes(24).toString('hex')}`;
const server = useTestServer({ ROSTER_API_KEY: API_KEY }, { logTo: capture });
// The same database with its own JWT secret: what a rotation of ROSTER_JWT_SECRET looks like.
const rotated = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_JWT_SECRET: `rotated-${'r'.repeat(32)}` });
const key = { 'x-appwrite-key': API_KEY };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function userWithJwt(url = server.url) {
  const created = await rest(
    url,
    'POST',
    '/users',
    { userId: 'unique()', email: `${randomBytes(6).toString('hex')}@example.com` },
    key,
  );
  const user = (await created.json()) as { $id: string };
  const session = (await (await rest(url, 'POST', `/users/${user.$id}/sessions`, undefined, key)).json()) as {
    $id: string;
    secret: string;
  };
  const answer = await rest(url, 'POST', '/account/jwts', {}, { 'x-appwrite-session': session.secret });
  expect(answer.status).toBe(201);
  const { jwt } = (await answer.json()) as { jwt: string };
  return { userId: user.$id, sessionId: session.$id, secret: session.secret, jwt };
}

async function accountWith(jwt: string, url = server.url) {
  const response = await rest(url, 'GET', '/account', undefined, { 'x-appwrite-jwt': jwt });
  return { status: response.status, body: (await response.json()) as { $id?: string; type?: string } };
}

const INVALID = { status: 401, type: 'user_jwt_invalid' };
const refused = async (jwt: string, url = server.url) => {
  const { status, body } = await accountWith(jwt, url);
  return { status, type: body.type };
};

async function publicJwk(url = server.url) {
  const jwks = (await (await rest(url, 'GET', '/account/jwts/jwks')).json()) as {
    keys: Record<string, string>[];
  };
  expect(jwks.keys).toHaveLength(1);
  return jwks.keys[0]!;
}

describe('JWT attacks', () => {
  it('alg none, and any unsigned or HMAC-signed token, is refused', async () => {
    const ada = await userWithJwt();
    const claims = decodeJwt(ada.jwt);
    const payload = b64(claims);
    for (const alg of ['none', 'None', 'NONE']) {
      expect(await refused(`${b64({ alg, typ: 'JWT' })}.${payload}.`)).toEqual(INVALID);
    }
    // Appwrite's own scheme: HS256 under the server secret. Roster signs and accepts ES256 only.
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const hmac = (secret: string | Buffer) =>
      createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect(await refused(`${header}.${payload}.${hmac(TEST_SECRET_KEY)}`)).toEqual(INVALID);
  });

  it('HS256 signed with the public key (algorithm confusion) is refused, in every form of that key', async () => {
    const ada = await userWithJwt();
    const jwk = await publicJwk();
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    const forms: (string | Buffer)[] = [
      JSON.stringify(jwk),
      publicKey.export({ format: 'pem', type: 'spki' }),
      publicKey.export({ format: 'der', type: 'spki' }),
      Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]),
    ];
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      const header = b64({ alg, typ: 'JWT', kid: jwk.kid });
      const payload = b64(decodeJwt(ada.jwt));
      for (const secret of forms) {
        const signature = createHmac(`sha${alg.slice(2)}`, secret)
          .update(`${header}.${payload}`)
          .digest('base64url');
        expect(await refused(`${header}.${payload}.${signature}`), alg).toEqual(INVALID);
      }
    }
  });

  it('a token signed by the attacker’s own key, even embedded in the header or named by kid, is refused', async () => {
    const ada = await userWithJwt();
    const { kid } = await publicJwk();
    const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const attackerJwk = await exportJWK(attacker.publicKey);
    const payload = b64(decodeJwt(ada.jwt));
    for (const header of [
      { alg: 'ES256', typ: 'JWT', kid },
      { alg: 'ES256', typ: 'JWT', jwk: attackerJwk },
      { alg: 'ES256', typ: 'JWT', jku: 'http://127.0.0.1:9/jwks.json' },
    ]) {
      const input = `${b64(header)}.${payload}`;
      const signature = sign('sha256', Buffer.from(input), {
        key: attacker.privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      expect(await refused(`${input}.${signature.toString('base64url')}`)).toEqual(INVALID);
    }
  });

  it('a tampered payload (another user, another session, a later exp, added teams) is refused', async () => {
    const ada = await userWithJwt();
    const grace = await userWithJwt();
    expect((await accountWith(ada.jwt)).body.$id).toBe(ada.userId);
    const [header, , signature] = ada.jwt.split('.') as [string, string, string];
    const claims = decodeJwt(ada.jwt);
    for (const changed of [
      { ...claims, userId: grace.userId, sub: grace.userId },
      { ...claims, sessionId: grace.sessionId },
      { ...claims, sessionId: '' },
      { ...claims, exp: claims.exp! + 3600 },
      { ...claims, teams: [{ id: 'any', roles: ['owner'] }] },
    ]) {
      expect(await refused(`${header}.${b64(changed)}.${signature}`)).toEqual(INVALID);
    }
  });

  it('rotation: a JWT of the old key stops verifying, the JWKS names the new key by another kid', async () => {
    const ada = await userWithJwt();
    const before = await publicJwk();
    const after = await publicJwk(rotated.url);
    expect(after.kid).not.toBe(before.kid);
    expect(await refused(ada.jwt, rotated.url)).toEqual(INVALID);
    const fresh = await userWithJwt(rotated.url);
    expect((await accountWith(fresh.jwt, rotated.url)).body.$id).toBe(fresh.userId);
    expect(await refused(fresh.jwt)).toEqual(INVALID);
  });

  it('a product backend verifies a JWT with jose and the published JWKS, and reads its teams', async () => {
    const ada = await userWithJwt();
    const team = (await (
      await rest(
        server.url,
        'POST',
        '/teams',
        { teamId: 'unique()', name: 'Backend' },
        { 'x-appwrite-session': ada.secret },
      )
    ).json()) as { $id: string };
    const answer = await rest(
      server.url,
      'POST',
      '/account/jwts',
      { teams: true },
      { 'x-appwrite-session': ada.secret },
    );
    const { jwt } = (await answer.json()) as { jwt: string };

    // The example of docs/api.md#verifying-a-jwt-in-your-backend.
    const jwks = createRemoteJWKSet(new URL(`${server.url}/v1/account/jwts/jwks`));
    const { payload } = await jwtVerify<{ userId: string; teams?: { id: string; roles: string[] }[] }>(
      jwt,
      jwks,
      {
        algorithms: ['ES256'],
      },
    );
    expect(payload.userId).toBe(ada.userId);
    expect(payload.teams).toEqual([{ id: team.$id, roles: ['owner'] }]);
    // A token of another key fails there too.
    const other = await userWithJwt(rotated.url);
    await expect(jwtVerify(other.jwt, jwks, { algorithms: ['ES256'] })).rejects.toThrow();
  });

  it('the JWT never reaches the logs, in the answer or as X-Appwrite-JWT', async () => {
    const ada = await userWithJwt();
    expect((await accountWith(ada.jwt)).status).toBe(200);
    const [, , signature] = ada.jwt.split('.') as [string, string, string];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes(signature))).toEqual([]);
  });
});
