import { z } from 'zod';
import { type MailContext, type MailComposition } from '../kind.ts';
import { outboxKind } from '../outbox-kind.ts';
import { buildTokenLink } from '../token-link.ts';
import { deriveTokenSecret } from '../token-secret.ts';
import { recoveryTemplate } from './recovery.ts';
import { verificationTemplate } from './verification.ts';

const ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/);

/** A mailed account token's job: ids only (the secret is derived, the address read when sent). */
export const AccountTokenJob = z.object({ userId: ID, tokenId: ID });
export type AccountTokenJob = z.infer<typeof AccountTokenJob>;

/**
 * The email of a verification or recovery token: to the user's address, in the locale of the
 * request, with the link to the `url` they gave. A token used or expired meanwhile is not mailed
 * (its link could not work).
 */
async function composeTokenEmail(
  kind: 'verification' | 'recovery',
  { userId, tokenId }: AccountTokenJob,
  { reads, secretKey }: MailContext,
): Promise<MailComposition> {
  const [user, token] = await Promise.all([reads.user(userId), reads.token(tokenId)]);
  if (!token || token.userId !== userId || token.kind !== kind)
    return { skip: 'the token was used or removed' };
  if (token.expire.getTime() < Date.now()) return { skip: 'the token expired' };
  if (!user?.email) return { fail: 'user has no email address' };
  const redirect = buildTokenLink(token.url ?? '', {
    userId,
    secret: deriveTokenSecret(secretKey, tokenId),
    expire: token.expire,
  });
  return {
    to: { name: user.name, address: user.email },
    locale: token.locale || 'en',
    variables: { user: user.name, redirect },
  };
}

/** `POST /v1/account/verifications/email`: the email verification link (Appwrite's `verification`). */
export const verificationKind = outboxKind({
  name: 'verification',
  jobName: 'mail.verification',
  data: AccountTokenJob,
  template: verificationTemplate,
  id: ({ tokenId }) => tokenId,
  describe: ({ userId, tokenId }) => ({ userId, tokenId }),
  compose: (key, context) => composeTokenEmail('verification', key, context),
});

/** `POST /v1/account/recovery`: the password recovery link (Appwrite's `recovery`). */
export const recoveryKind = outboxKind({
  name: 'recovery',
  jobName: 'mail.recovery',
  data: AccountTokenJob,
  template: recoveryTemplate,
  id: ({ tokenId }) => tokenId,
  describe: ({ userId, tokenId }) => ({ userId, tokenId }),
  compose: (key, context) => composeTokenEmail('recovery', key, context),
});
