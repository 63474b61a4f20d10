import { type StoredUser } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';
import { sha256 } from '../lib/secrets.ts';

/**
 * Appwrite's Target model: where messages to a user go. Roster keeps no target documents; a
 * user's targets are derived from their email and phone (docs/appwrite-compatibility.md#models).
 */
export const ZTarget = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    name: z.string(),
    userId: z.string(),
    providerType: z.enum(['email', 'sms', 'push']),
    identifier: z.string(),
    expired: z.boolean(),
  })
  .meta({ id: 'Target' });
export type TargetDto = z.infer<typeof ZTarget>;

/**
 * The targets of `user`: one for the email, one for the phone. The id depends on the user and the
 * kind only, so a changed address keeps its target's id, as Appwrite renames the target.
 */
export function targetsOf(user: StoredUser): TargetDto[] {
  const target = (providerType: 'email' | 'sms', identifier: string): TargetDto => ({
    $id: sha256(`target:${user._id}:${providerType}`).slice(0, 20),
    $createdAt: toIso(user.createdAt),
    $updatedAt: toIso(user.updatedAt),
    name: '',
    userId: user._id,
    providerType,
    identifier,
    expired: false,
  });
  return [
    ...(user.email ? [target('email', user.email)] : []),
    ...(user.phone ? [target('sms', user.phone)] : []),
  ];
}
