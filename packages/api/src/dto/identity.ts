import { type StoredIdentity } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

/**
 * Appwrite's Identity model. As in Appwrite, the provider tokens are returned to the owning user
 * (they are not `sensitive` there); only the owner's own list and an API key ever see one.
 */
export const ZIdentity = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    userId: z.string(),
    provider: z.string(),
    providerUid: z.string(),
    providerEmail: z.string(),
    providerAccessToken: z.string(),
    providerAccessTokenExpiry: z.string(),
    providerRefreshToken: z.string(),
  })
  .meta({ id: 'Identity' });
export type IdentityDto = z.infer<typeof ZIdentity>;

export const ZIdentityList = z
  .object({ total: z.number().int(), identities: z.array(ZIdentity) })
  .meta({ id: 'IdentityList' });

export function toIdentityDto(identity: StoredIdentity): IdentityDto {
  return {
    $id: identity._id,
    $createdAt: toIso(identity.createdAt),
    $updatedAt: toIso(identity.updatedAt),
    userId: identity.userId,
    provider: identity.provider,
    providerUid: identity.providerUid,
    providerEmail: identity.providerEmail,
    providerAccessToken: identity.providerAccessToken,
    providerAccessTokenExpiry: toIso(identity.providerAccessTokenExpiry),
    providerRefreshToken: identity.providerRefreshToken,
  };
}
