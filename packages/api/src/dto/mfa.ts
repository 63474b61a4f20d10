import { type StoredMfaChallenge } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

/** Appwrite's MFA models (docs/api.md#mfa). */
export const ZMfaType = z.object({ secret: z.string(), uri: z.string() }).meta({ id: 'MFAType' });

export const ZMfaChallenge = z
  .object({ $id: z.string(), $createdAt: z.string(), userId: z.string(), expire: z.string() })
  .meta({ id: 'MFAChallenge' });

export const ZMfaRecoveryCodes = z
  .object({ recoveryCodes: z.array(z.string()) })
  .meta({ id: 'MFARecoveryCodes' });

export const ZMfaFactors = z
  .object({ totp: z.boolean(), phone: z.boolean(), email: z.boolean(), recoveryCode: z.boolean() })
  .meta({ id: 'MFAFactors' });

export function toMfaChallengeDto(challenge: StoredMfaChallenge): z.infer<typeof ZMfaChallenge> {
  return {
    $id: challenge._id,
    $createdAt: toIso(challenge.createdAt),
    userId: challenge.userId,
    expire: toIso(challenge.expire),
  };
}
