import { type StoredSession } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';
import { CLIENT_FIELDS } from './client-fields.ts';

/** Appwrite's Session model. `secret` is filled only for API-key callers (Appwrite's SSR pattern). */
export const ZSession = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    userId: z.string(),
    expire: z.string(),
    provider: z.string(),
    providerUid: z.string(),
    providerAccessToken: z.string(),
    providerAccessTokenExpiry: z.string(),
    providerRefreshToken: z.string(),
    ip: z.string(),
    ...CLIENT_FIELDS,
    current: z.boolean(),
    factors: z.array(z.string()),
    secret: z.string(),
    mfaUpdatedAt: z.string(),
  })
  .meta({ id: 'Session' });
export type SessionDto = z.infer<typeof ZSession>;

export const ZSessionList = z
  .object({ total: z.number().int(), sessions: z.array(ZSession) })
  .meta({ id: 'SessionList' });

export function toSessionDto(
  session: StoredSession,
  options: { current: boolean; secret?: string },
): SessionDto {
  return {
    $id: session._id,
    $createdAt: toIso(session.createdAt),
    $updatedAt: toIso(session.updatedAt),
    userId: session.userId,
    expire: toIso(session.expire),
    provider: session.provider,
    providerUid: session.providerUid,
    providerAccessToken: '',
    providerAccessTokenExpiry: '',
    providerRefreshToken: '',
    ip: session.ip,
    osCode: '',
    osName: '',
    osVersion: '',
    clientType: '',
    clientCode: '',
    clientName: '',
    clientVersion: '',
    clientEngine: '',
    clientEngineVersion: '',
    deviceName: '',
    deviceBrand: '',
    deviceModel: '',
    countryCode: '--',
    countryName: 'Unknown',
    current: options.current,
    factors: [...session.factors],
    secret: options.secret ?? '',
    mfaUpdatedAt: toIso(session.mfaUpdatedAt),
  };
}
