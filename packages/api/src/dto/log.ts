import { type StoredActivityLog } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';
import { CLIENT_FIELDS } from './client-fields.ts';

/** Appwrite's Log model (docs/events.md#activity-logs): every field a string. */
export const ZLog = z
  .object({
    event: z.string(),
    userId: z.string(),
    userEmail: z.string(),
    userName: z.string(),
    mode: z.string(),
    userType: z.string(),
    ip: z.string(),
    time: z.string(),
    ...CLIENT_FIELDS,
  })
  .meta({ id: 'Log' });
export type LogDto = z.infer<typeof ZLog>;

export const ZLogList = z.object({ total: z.number().int(), logs: z.array(ZLog) }).meta({ id: 'LogList' });

const UNKNOWN_COUNTRY = 'Unknown';

/**
 * The country's name in the caller's locale (`X-Appwrite-Locale`), as Appwrite's, from the ICU
 * data Node ships; `Unknown` for `--`.
 */
function countryName(code: string, locale: string): string {
  if (!/^[a-z]{2}$/.test(code)) return UNKNOWN_COUNTRY;
  try {
    const name = new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'none' }).of(
      code.toUpperCase(),
    );
    return name ?? UNKNOWN_COUNTRY;
  } catch {
    return UNKNOWN_COUNTRY;
  }
}

export function toLogDto(entry: StoredActivityLog, locale: string): LogDto {
  return {
    event: entry.event,
    userId: entry.userId,
    userEmail: entry.userEmail,
    userName: entry.userName,
    mode: entry.mode,
    userType: entry.userType,
    ip: entry.ip,
    time: toIso(entry.time),
    osCode: entry.osCode,
    osName: entry.osName,
    osVersion: entry.osVersion,
    clientType: entry.clientType,
    clientCode: entry.clientCode,
    clientName: entry.clientName,
    clientVersion: entry.clientVersion,
    clientEngine: entry.clientEngine,
    clientEngineVersion: entry.clientEngineVersion,
    deviceName: entry.deviceName,
    deviceBrand: entry.deviceBrand,
    deviceModel: entry.deviceModel,
    countryCode: entry.countryCode,
    countryName: countryName(entry.countryCode, locale),
  };
}
