import { type Repositories, type StoredUser } from '@roster/db';
import { type Actor } from '../../auth/actor.ts';
import { type ApiConfig } from '../../deps.ts';
import { getUser } from '../users.ts';
import { factorsOf, type MfaFactors } from './factors.ts';
import { updateMfaFields } from './totp.ts';

/**
 * `PATCH /v1/users/{userId}/mfa`: turns the user's MFA on or off, nothing else (no session gains
 * or loses a factor, as Appwrite's Users API).
 */
export function setUserMfa(
  repos: Repositories,
  by: Actor,
  userId: string,
  mfa: boolean,
): Promise<StoredUser> {
  return updateMfaFields(repos, by, userId, () => repos.users.update(userId, { mfa }));
}

/**
 * `GET /v1/users/{userId}/mfa/factors`: the account's answer for that user, `recoveryCode`
 * included (Appwrite's Users API never computes it and always says `false`).
 */
export async function userMfaFactors(
  repos: Repositories,
  config: Pick<ApiConfig, 'secretKey'>,
  userId: string,
): Promise<MfaFactors> {
  return factorsOf(await getUser(repos, userId), config.secretKey);
}
