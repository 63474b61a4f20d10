import { createECDH, hkdfSync } from 'node:crypto';
import { type ApiConfig } from '../deps.ts';
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from 'jose';

/** The one algorithm Roster signs and accepts (docs/security.md#jwts). */
export const JWT_ALGORITHM = 'ES256';

/** The signing key pair of a server secret: every process derives the same one, nothing is stored. */
export interface JwtKeys {
  /** RFC 7638 thumbprint of the public key: changes whenever the secret does. */
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public key as published in the JWKS (`GET /v1/account/jwts/jwks`). */
  publicJwk: JWK;
}

// The order of P-256's group (FIPS 186-4, D.1.2.3).
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/**
 * The P-256 private scalar of `secret`: HKDF-SHA256 with a fixed label, 48 bytes reduced into
 * [1, n-1] (FIPS 186-4 B.4.1, so the bias is below 2^-128). A new label would be a new key.
 */
function privateScalar(secret: string): Buffer {
  const okm = Buffer.from(hkdfSync('sha256', secret, 'roster', 'jwt signing key v1 (ES256)', 48));
  const scalar = (BigInt(`0x${okm.toString('hex')}`) % (P256_ORDER - 1n)) + 1n;
  return Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex');
}

async function deriveJwtKeys(secret: string): Promise<JwtKeys> {
  const d = privateScalar(secret);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  // Uncompressed point: 0x04 ‖ x ‖ y.
  const point = ecdh.getPublicKey();
  const publicPart = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
  const kid = await calculateJwkThumbprint(publicPart);
  const publicJwk: JWK = { ...publicPart, kid, alg: JWT_ALGORITHM, use: 'sig' };
  const [privateKey, publicKey] = await Promise.all([
    importJWK({ ...publicPart, d: d.toString('base64url') }, JWT_ALGORITHM),
    importJWK(publicPart, JWT_ALGORITHM),
  ]);
  return { kid, privateKey: privateKey as CryptoKey, publicKey: publicKey as CryptoKey, publicJwk };
}

/** The secret JWT keys derive from: `ROSTER_JWT_SECRET` when set, else `ROSTER_SECRET_KEY`. */
export const jwtSecretOf = (config: Pick<ApiConfig, 'secretKey' | 'jwtSecret'>): string =>
  config.jwtSecret ?? config.secretKey;

// One derivation per secret and process (tests run several configurations in one process).
const derived = new Map<string, Promise<JwtKeys>>();

/**
 * The JWT keys of a server secret (`ROSTER_JWT_SECRET`, else `ROSTER_SECRET_KEY`), derived once
 * per process.
 */
export function jwtKeys(secret: string): Promise<JwtKeys> {
  let keys = derived.get(secret);
  if (!keys) {
    keys = deriveJwtKeys(secret);
    derived.set(secret, keys);
  }
  return keys;
}
