import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Repositories, type StoredUser } from '@roster/db';
import { type Actor } from '../../auth/actor.ts';
import { type ApiConfig } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { encryptSecret } from '../../lib/encryption.ts';
import { sha256 } from '../../lib/secrets.ts';
import { getUser } from '../users.ts';
import { recoveryCodesOf } from './secrets.ts';
import { updateMfaFields } from './totp.ts';

interface Deps {
  repos: Repositories;
  config: Pick<ApiConfig, 'secretKey'>;
}

/** Appwrite's `generateBackupCodes`: 6 codes of 10 lowercase hex characters. */
function generateCodes(): string[] {
  return Array.from({ length: 6 }, () => randomBytes(5).toString('hex'));
}

async function storeCodes(deps: Deps, actor: Actor, userId: string, codes: string[]): Promise<string[]> {
  const mfaRecoveryCodes = encryptSecret(deps.config.secretKey, JSON.stringify(codes));
  await updateMfaFields(deps.repos, actor, userId, () =>
    deps.repos.users.update(userId, { mfaRecoveryCodes }),
  );
  return codes;
}

/** `POST /v1/account/mfa/recovery-codes`: the first set; 409 while codes remain. */
export async function createRecoveryCodes(deps: Deps, actor: Actor, userId: string): Promise<string[]> {
  const user = await getUser(deps.repos, userId);
  if ((recoveryCodesOf(deps.config.secretKey, user)?.length ?? 0) > 0) {
    throw new AppError('user_recovery_codes_already_exists');
  }
  return storeCodes(deps, actor, userId, generateCodes());
}

/** `GET /v1/account/mfa/recovery-codes` (after a recent challenge): the remaining codes, else 404. */
export async function getRecoveryCodes(deps: Deps, userId: string): Promise<string[]> {
  const codes = recoveryCodesOf(deps.config.secretKey, await getUser(deps.repos, userId));
  if (!codes?.length) throw new AppError('user_recovery_codes_not_found');
  return codes;
}

/** `PATCH /v1/account/mfa/recovery-codes` (after a recent challenge): a new set replaces the old. */
export async function regenerateRecoveryCodes(deps: Deps, actor: Actor, userId: string): Promise<string[]> {
  await getRecoveryCodes(deps, userId);
  return storeCodes(deps, actor, userId, generateCodes());
}

/**
 * Whether `otp` is one of the user's recovery codes, and uses it up: the code is claimed first,
 * so of concurrent uses exactly one wins (Appwrite's read-modify-write lets both through, its
 * issue #11692), then removed from the stored set. Compared in constant time.
 */
export async function useRecoveryCode(
  deps: Deps,
  actor: Actor,
  user: StoredUser,
  otp: string,
): Promise<boolean> {
  const codes = recoveryCodesOf(deps.config.secretKey, user) ?? [];
  const given = Buffer.from(otp);
  const match = codes.find((code) => {
    const stored = Buffer.from(code);
    return stored.length === given.length && timingSafeEqual(stored, given);
  });
  if (!match) return false;
  if (!(await deps.repos.claims.claim(`recovery-code:${user._id}:${sha256(match)}`, 'mfa'))) return false;
  const remaining = codes.filter((code) => code !== match);
  await storeCodes(deps, actor, user._id, remaining);
  return true;
}
