import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../errors.ts';
import { JWT_ALGORITHM, type JwtKeys } from './jwt-keys.ts';

/** The longest `duration` a JWT may be asked for (Appwrite's Range 0–3600). */
export const MAX_JWT_DURATION = 3600;

/** A confirmed membership as a JWT carries it when asked to (docs/api.md#jwts). */
export interface JwtTeam {
  id: string;
  roles: string[];
}

/** What a Roster JWT says: Appwrite's `userId` and `sessionId` (`''` when bound to no session). */
export interface JwtClaims {
  userId: string;
  sessionId: string;
  /** Only when the caller asked for the memberships (`teams: true`). */
  teams?: JwtTeam[];
  /** Issued at, in seconds. */
  iat: number;
  /** Expires at, in seconds. */
  exp: number;
}

/**
 * Signs a JWT for `durationSeconds`: Appwrite's payload (`userId`, `sessionId`, `exp`) plus `sub`
 * and `iat`, and the memberships when given. ES256, with the key's `kid` in the header.
 */
export function signJwt(
  keys: JwtKeys,
  claims: { userId: string; sessionId: string; teams?: JwtTeam[] | undefined },
  durationSeconds: number,
  now = Date.now(),
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({
    userId: claims.userId,
    sessionId: claims.sessionId,
    ...(claims.teams ? { teams: claims.teams } : {}),
  })
    .setProtectedHeader({ alg: JWT_ALGORITHM, kid: keys.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + durationSeconds)
    .sign(keys.privateKey);
}

/** The text of Appwrite's `user_jwt_invalid` ("Failed to verify JWT. <why>"). */
const invalid = (why: string) => new AppError('user_jwt_invalid', `Failed to verify JWT. ${why}`);

/**
 * Verifies an `X-Appwrite-JWT`: only ES256 under this server's key (so `alg: none`, HMAC signed
 * with the public key and tokens of another key are refused before any signature maths), an
 * `exp` that has not passed (no leeway, like Appwrite), and Appwrite's claims. Anything else is
 * 401 `user_jwt_invalid`.
 */
export async function verifyJwt(keys: JwtKeys, token: string, now = Date.now()): Promise<JwtClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: [JWT_ALGORITHM],
      requiredClaims: ['exp', 'iat'],
      // Appwrite's verifier too refuses a token issued more than an hour ago, whatever its `exp`.
      maxTokenAge: MAX_JWT_DURATION,
      currentDate: new Date(now),
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw invalid('Invalid token: Expired');
    if (error instanceof errors.JWSSignatureVerificationFailed)
      throw invalid('Invalid token: Signature failed');
    // Whatever else a hostile header holds (bad segments, JSON, algorithm, claims) is just invalid.
    throw invalid('Invalid token');
  }
  const { userId, sessionId, iat, exp } = payload;
  if (typeof userId !== 'string' || typeof sessionId !== 'string') throw invalid('Invalid token: Claims');
  return { userId, sessionId, iat: iat as number, exp: exp as number };
}
