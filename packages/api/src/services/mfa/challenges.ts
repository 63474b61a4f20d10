import { type MfaFactor, type Repositories, type StoredMfaChallenge, type StoredSession } from '@roster/db';
import { type Actor } from '../../auth/actor.ts';
import { principalUser, type UserPrincipal } from '../../auth/principal.ts';
import { type ApiConfig } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { getUser } from '../users.ts';
import { useRecoveryCode } from './recovery-codes.ts';
import { useTotpCode } from './totp.ts';

interface Deps {
  repos: Repositories;
  config: Pick<ApiConfig, 'secretKey' | 'projectName'>;
}

/** Appwrite's confirm expiry (`TOKEN_EXPIRATION_CONFIRM`); Roster also enforces it on completion. */
const CHALLENGE_TTL_MS = 3600 * 1000;

/**
 * `POST /v1/account/mfa/challenges`: a challenge for `factor`. TOTP and recovery codes send
 * nothing; email and phone need a sender Roster does not have yet (503, as Appwrite without SMTP
 * or an SMS provider).
 */
export async function createMfaChallenge(
  deps: Deps,
  principal: UserPrincipal,
  factor: MfaFactor,
): Promise<StoredMfaChallenge> {
  if (factor === 'email') throw new AppError('general_smtp_disabled');
  if (factor === 'phone') throw new AppError('general_phone_disabled');
  return deps.repos.mfaChallenges.create({
    user: principalUser(principal),
    factor,
    expire: new Date(Date.now() + CHALLENGE_TTL_MS),
  });
}

/**
 * `PUT /v1/account/mfa/challenges`: completes a challenge with the code of its factor. The
 * challenge is used once (claimed), the code too (a TOTP step, a recovery code); the current
 * session gains the factor and records when (`mfaUpdatedAt`). Anything wrong is 401
 * `user_invalid_token`, the challenge of another user too.
 */
export async function completeMfaChallenge(
  deps: Deps,
  actor: Actor,
  principal: UserPrincipal,
  input: { challengeId: string; otp: string },
): Promise<StoredSession> {
  const challenge = await deps.repos.mfaChallenges.valid(principalUser(principal), input.challengeId);
  if (!challenge) throw new AppError('user_invalid_token');
  const user = await getUser(deps.repos, principal.userId);
  let proven = false;
  if (challenge.factor === 'totp') proven = await useTotpCode(deps, user, input.otp);
  else if (challenge.factor === 'recoveryCode') proven = await useRecoveryCode(deps, actor, user, input.otp);
  if (!proven || !(await deps.repos.mfaChallenges.use(challenge))) throw new AppError('user_invalid_token');
  // A JWT bound to a session completes it for that session; one bound to none has no session to complete.
  if (!principal.sessionId) throw new AppError('user_session_not_found');
  const session = await deps.repos.sessions.addFactors(
    principal.userId,
    principal.sessionId,
    [challenge.factor],
    new Date(),
  );
  if (!session) throw new AppError('user_session_not_found');
  return session;
}
