import { type StoredUser } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';
import { hashFields } from '../lib/password-hashes/hash-fields.ts';
import { parsePrefs } from '../lib/prefs.ts';
import { ZTarget, targetsOf } from './target.ts';

/**
 * Appwrite's User model (also the Account), without the password hash itself (the Users API shows
 * only its algorithm and options) and without the fields Appwrite leaves `null` here (`emailCanonical`, `emailIs*`,
 * `impersonatorUserId`): docs/appwrite-compatibility.md#models.
 */
export const ZUser = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    name: z.string(),
    /** Users API only (not the Account API, events or realtime): the password's hashing algorithm. */
    hash: z.string().nullable().optional(),
    /** Users API only: that algorithm's options, raw (docs/api.md#password-hash-imports). */
    hashOptions: z.record(z.string(), z.unknown()).nullable().optional(),
    registration: z.string(),
    status: z.boolean(),
    labels: z.array(z.string()),
    passwordUpdate: z.string(),
    email: z.string(),
    phone: z.string(),
    emailVerification: z.boolean(),
    phoneVerification: z.boolean(),
    mfa: z.boolean(),
    prefs: z.record(z.string(), z.unknown()),
    targets: z.array(ZTarget),
    accessedAt: z.string(),
    impersonator: z.boolean(),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof ZUser>;

export const ZUserList = z
  .object({ total: z.number().int(), users: z.array(ZUser) })
  .meta({ id: 'UserList' });

/** The User model as the Users API returns it: with `hash` and `hashOptions` (ZUser puts them after `name`). */
export function toUsersApiUserDto(user: StoredUser): UserDto {
  return { ...toUserDto(user), ...hashFields(user) };
}

export function toUserDto(user: StoredUser): UserDto {
  return {
    $id: user._id,
    $createdAt: toIso(user.createdAt),
    $updatedAt: toIso(user.updatedAt),
    name: user.name,
    registration: toIso(user.registration),
    status: user.status,
    labels: [...user.labels],
    passwordUpdate: toIso(user.passwordUpdate),
    email: user.email ?? '',
    phone: user.phone ?? '',
    emailVerification: user.emailVerification,
    phoneVerification: user.phoneVerification,
    mfa: user.mfa === true,
    prefs: parsePrefs(user.prefs),
    targets: targetsOf(user),
    accessedAt: toIso(user.accessedAt),
    // Roster has no impersonation: nobody is an impersonator (Appwrite's default).
    impersonator: false,
  };
}
