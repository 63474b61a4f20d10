import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwtKeys, jwtSecretOf } from './jwt-keys.ts';
import { signJwt, verifyJwt } from './jwt.ts';

const SECRET = 'unit-test-secret-key-0123456789abcdef';

describe('JWT keys', () => {
  it('are derived from the secret alone: the same key (and kid) in every process, another for another secret', async () => {
    const keys = await jwtKeys(SECRET);
    // Pinned: a change of the derivation would make processes of two versions refuse each other's JWTs.
    expect(keys.kid).toBe(PINNED_KID);
    expect(keys.publicJwk).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: keys.kid,
    });
    expect(keys.publicJwk).not.toHaveProperty('d');
    const other = await jwtKeys(`${SECRET}-rotated`);
    expect(other.kid).not.toBe(keys.kid);
    expect(other.publicJwk.x).not.toBe(keys.publicJwk.x);
  });

  it('ROSTER_JWT_SECRET, when set, replaces ROSTER_SECRET_KEY', () => {
    expect(jwtSecretOf({ secretKey: 'a' })).toBe('a');
    expect(jwtSecretOf({ secretKey: 'a', jwtSecret: 'b' })).toBe('b');
  });

  it('sign and verify round-trip; another key, a late clock or a token older than an hour fail', async () => {
    const keys = await jwtKeys(SECRET);
    const now = Date.UTC(2026, 0, 1);
    const token = await signJwt(keys, { userId: 'u', sessionId: 's' }, 900, now);
    expect(await verifyJwt(keys, token, now + 899_000)).toEqual({
      userId: 'u',
      sessionId: 's',
      iat: now / 1000,
      exp: now / 1000 + 900,
    });
    await expect(verifyJwt(keys, token, now + 900_000)).rejects.toMatchObject({
      type: 'user_jwt_invalid',
      message: 'Failed to verify JWT. Invalid token: Expired',
    });
    await expect(verifyJwt(await jwtKeys(`${SECRET}-other`), token, now)).rejects.toMatchObject({
      type: 'user_jwt_invalid',
      message: 'Failed to verify JWT. Invalid token: Signature failed',
    });
    // A correctly signed token claiming a longer life than an hour is cut at an hour after `iat`.
    const long = await new SignJWT({ userId: 'u', sessionId: 's' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 7200)
      .sign(keys.privateKey);
    await expect(verifyJwt(keys, long, now + 3601_000)).rejects.toMatchObject({ type: 'user_jwt_invalid' });
    // Claims of the wrong type are refused even when signed.
    const odd = await new SignJWT({ userId: 1, sessionId: 's' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt(now / 1000)
      .setExpirationTime(now / 1000 + 60)
      .sign(keys.privateKey);
    await expect(verifyJwt(keys, odd, now)).rejects.toMatchObject({ type: 'user_jwt_invalid' });
  });

  it('refuses ES256 under any other P-256 key, and tokens without exp or iat', async () => {
    const keys = await jwtKeys(SECRET);
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const forged = await new SignJWT({ userId: 'u', sessionId: 's' })
      .setProtectedHeader({ alg: 'ES256', kid: keys.kid })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(stranger);
    await expect(verifyJwt(keys, forged)).rejects.toMatchObject({ type: 'user_jwt_invalid' });
    const noExp = await new SignJWT({ userId: 'u', sessionId: 's' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt()
      .sign(keys.privateKey);
    await expect(verifyJwt(keys, noExp)).rejects.toMatchObject({ type: 'user_jwt_invalid' });
  });
});

const PINNED_KID = '0nGtyM8Sqi37Qa31TZ46JhYhM3kLSUgoh_T0jn8Ars4';
