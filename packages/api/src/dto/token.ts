import { type StoredToken } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

/** Appwrite's Token model. `secret` is the plain secret once, for the API key that made it; else "". */
export const ZToken = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    userId: z.string(),
    secret: z.string(),
    expire: z.string(),
    phrase: z.string(),
  })
  .meta({ id: 'Token' });
export type TokenDto = z.infer<typeof ZToken>;

export function toTokenDto(token: StoredToken, secret = ''): TokenDto {
  return {
    $id: token._id,
    $createdAt: toIso(token.createdAt),
    userId: token.userId,
    secret,
    expire: toIso(token.expire),
    phrase: token.phrase,
  };
}
