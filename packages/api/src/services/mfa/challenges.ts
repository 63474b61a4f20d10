import {
  generateId,
  type MfaFactor,
  type Repositories,
  type StoredMfaChallenge,
  type StoredSession,
  type StoredUser,
} from '@roster/db';
import { mfaChallengeKind, mfaEmailCode, requestMail, type MailKind } from '@roster/jobs';
import { type Actor } from '../../auth/actor.ts';
import { principalUser, type UserPrincipal } from '../../auth/principal.ts';
import { type ApiConfig, type ApiDeps } from '../../deps.ts';
import { toMfaChallengeDto } from '../../dto/mfa.ts';
import { toSessionDto } from '../../dto/session.ts';
import { AppError } from '../../errors.ts';
import { recordEvent } from '../../events/record.ts';
import { digestsEqual, sha256 } from '../../lib/secrets.ts';
import { getUser } from '../users.ts';
import { useRecoveryCode } from './recovery-codes.ts';
import { useTotpCode } from './totp.ts';

interface Deps {
  repos: Repositories;
  config: Pick<ApiConfig, 'secretKey' | 'projectName'>;
  mail?: ApiDeps['mail'];
}

/** Appwrite's confirm expiry (`TOKEN_EXPIRATION_CONFIRM`); Roster also enforces it on completion. */
const CHALLENGE_TTL_MS = 3600 * 1000;
/** An emailed code lasts what its email says: 15 minutes (docs/appwrite-compatibility.md#mfa). */
const EMAIL_CHALLENGE_TTL_MS = 900 * 1000;

/**
 * `POST /v1/account/mfa/challenges`: a challenge for `factor`, recording
 * `users.[userId].challenges.[challengeId].create`. TOTP and recovery codes send nothing; email
 * mails a six-digit code to the user's verified address (derived from `ROSTER_SECRET_KEY` and the
 * challenge's id, only its SHA-256 stored, as the email OTP's) and replaces their earlier email
 * challenges, so guesses always face one code. Phone needs an SMS sender Roster does not have
 * (503, as Appwrite without an SMS provider).
 */
export async function createMfaChallenge(
  deps: Deps,
  actor: Actor,
  principal: UserPrincipal,
  factor: MfaFactor,
): Promise<StoredMfaChallenge> {
  if (factor === 'phone') throw new AppError('general_phone_disabled');
  const user = factor === 'email' ? await mailableUser(deps.repos, principal.userId) : undefined;
  const id = generateId();
  const challenge = await recordEvent(
    deps.repos,
    actor,
    {
      template: 'users.[userId].challenges.[challengeId].create',
      params: { userId: principal.userId, challengeId: id },
      target: { collection: 'mfaChallenges', filter: { _id: id }, kind: 'write' },
    },
    () =>
      deps.repos.mfaChallenges.create({
        id,
        user: principalUser(principal),
        factor,
        ...(user
          ? {
              codeHash: sha256(mfaEmailCode(deps.config.secretKey, id)),
              expire: new Date(Date.now() + EMAIL_CHALLENGE_TTL_MS),
              locale: actor.locale,
              userAgent: actor.userAgent.slice(0, 512),
            }
          : { expire: new Date(Date.now() + CHALLENGE_TTL_MS) }),
      }),
    (created) => ({ payload: toMfaChallengeDto(created) }),
  );
  if (user) {
    await deps.repos.mfaChallenges.deleteOthersOfFactor(user._id, 'email', id);
    const { mail } = deps;
    await requestMail(
      {
        mailOutbox: deps.repos.mailOutbox,
        enqueue: <Key>(kind: MailKind<Key>, key: Key) =>
          mail ? mail.add(kind, key) : Promise.reject(new Error('no mail queue')),
      },
      mfaChallengeKind,
      { userId: user._id, challengeId: id },
    );
  }
  return challenge;
}

/** The user an email challenge is for: 400 without an address, or with one not verified (as Appwrite). */
async function mailableUser(repos: Repositories, userId: string): Promise<StoredUser> {
  const user = await getUser(repos, userId);
  if (!user.email) throw new AppError('user_email_not_found');
  if (!user.emailVerification) throw new AppError('user_email_not_verified');
  return user;
}

/**
 * `PUT /v1/account/mfa/challenges`: completes a challenge with the code of its factor. The
 * challenge is used once (claimed), the code too (a TOTP step, a recovery code, the emailed code
 * with its challenge); the current session gains the factor and records when (`mfaUpdatedAt`),
 * recording `users.[userId].sessions.[sessionId].create` as Appwrite. Anything wrong is 401
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
  else if (challenge.factor === 'email') {
    proven = Boolean(challenge.codeHash) && digestsEqual(challenge.codeHash ?? '', sha256(input.otp));
  }
  if (!proven || !(await deps.repos.mfaChallenges.use(challenge))) throw new AppError('user_invalid_token');
  // A JWT bound to a session completes it for that session; one bound to none has no session to complete.
  const { sessionId } = principal;
  if (!sessionId) throw new AppError('user_session_not_found');
  const session = await recordEvent(
    deps.repos,
    actor,
    {
      template: 'users.[userId].sessions.[sessionId].create',
      params: { userId: principal.userId, sessionId },
      target: { collection: 'sessions', filter: { _id: sessionId }, kind: 'write' },
    },
    () => deps.repos.sessions.addFactors(principal.userId, sessionId, [challenge.factor], new Date()),
    (updated) => (updated ? { payload: toSessionDto(updated, { current: false }) } : null),
  );
  if (!session) throw new AppError('user_session_not_found');
  return session;
}
