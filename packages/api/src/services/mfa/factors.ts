import { type StoredSession, type StoredUser } from '@roster/db';
import { recoveryCodesOf } from './secrets.ts';

/** Appwrite's MFAFactors model: which second factors the user can be challenged with. */
export interface MfaFactors {
  totp: boolean;
  phone: boolean;
  email: boolean;
  recoveryCode: boolean;
}

/**
 * The factors of `user`, as Appwrite: a verified TOTP authenticator, a verified email address
 * (an emailed code, docs/appwrite-compatibility.md#mfa), remaining recovery codes. Roster sends no
 * SMS, so `phone` is never a factor: a verified number does not make MFA demand a factor nobody
 * can give.
 */
export function factorsOf(user: StoredUser, serverSecret: string): MfaFactors {
  return { ...secondFactorsOf(user), recoveryCode: (recoveryCodesOf(serverSecret, user)?.length ?? 0) > 0 };
}

function secondFactorsOf(user: StoredUser): Omit<MfaFactors, 'recoveryCode'> {
  return {
    totp: user.totpVerified === true,
    phone: false,
    email: Boolean(user.email) && user.emailVerification === true,
  };
}

/**
 * Appwrite's rule (shared/api.php): a user with MFA on and a second factor to give needs two
 * factors in the session; until then the session only reaches the `mfa` routes.
 */
export function mfaRestricted(user: StoredUser, session: Pick<StoredSession, 'factors'>): boolean {
  const { totp, email, phone } = secondFactorsOf(user);
  const minimum = user.mfa && (totp || email || phone) ? 2 : 1;
  return session.factors.length < minimum;
}

/** How long a completed challenge counts as recent (Appwrite's `MFA_RECENT_DURATION`). */
export const MFA_RECENT_SECONDS = 1800;

/** The `mfaProtected` rule: a challenge completed with this session in the last 30 minutes. */
export function recentlyChallenged(mfaUpdatedAt: Date | undefined, now = Date.now()): boolean {
  return mfaUpdatedAt !== undefined && mfaUpdatedAt.getTime() + MFA_RECENT_SECONDS * 1000 >= now;
}
