import { type StoredToken } from '@roster/db';
import { z } from 'zod';
import { parseUserAgent } from '../../events/activity-logs/user-agent.ts';
import { mergeQuery } from '../accept-link.ts';
import { type MailComposition, type MailContext } from '../kind.ts';
import { outboxKind } from '../outbox-kind.ts';
import { emailOtpCode, magicUrlSecret } from '../sign-in-secrets.ts';
import { emailOtpTemplate } from './email-otp.ts';
import { magicUrlTemplate } from './magic-url.ts';

/** A mailed sign-in token's job: ids only (the secret is derived, the rest is on the token). */
const SignInMail = z.object({
  userId: z.string().min(1).max(36),
  tokenId: z.string().regex(/^[a-zA-Z0-9]{1,36}$/),
  projectId: z.string().min(1).max(64),
});
export type SignInMail = z.infer<typeof SignInMail>;

/** Appwrite's `expire` in links: `Y-m-d\TH:i:s.vP`. */
const appwriteDate = (date: Date) => date.toISOString().replace('Z', '+00:00');

/** What both emails share: the token still usable, the user's address, the requesting client. */
async function load(
  { userId, tokenId }: SignInMail,
  { reads }: MailContext,
): Promise<
  | { fail: string }
  | { skip: string }
  | { token: StoredToken; name: string; address: string; agent: Record<string, string> }
> {
  const [token, user] = await Promise.all([reads.token(tokenId), reads.user(userId)]);
  // Used (deleted), replaced by a newer code, or expired: a link that cannot work is not sent.
  if (!token || token.userId !== userId) return { skip: 'token used, replaced or removed' };
  if (token.expire.getTime() < Date.now()) return { skip: 'token expired' };
  if (!user?.email) return { fail: 'user has no email address' };
  return {
    token,
    // A new account has no name yet: greet the address, as the email goes to it.
    name: user.name || user.email,
    address: user.email,
    agent: requesterAgent(token.userAgent),
  };
}

/** The client, device and OS that asked for an email, as its `clientInfo` names them (`UNKNOWN` when unknown). */
export function requesterAgent(userAgent: string | null | undefined): Record<string, string> {
  const client = parseUserAgent(userAgent ?? '');
  return {
    agentClient: client.clientName || 'UNKNOWN',
    agentDevice: client.deviceBrand || 'UNKNOWN',
    agentOs: client.osName || 'UNKNOWN',
  };
}

/** `POST /v1/account/tokens/magic-url`'s email (Appwrite's `magic-url`, docs/mail.md). */
export const magicUrlKind = outboxKind({
  name: 'magic-url',
  jobName: 'mail.magic-url',
  data: SignInMail,
  template: magicUrlTemplate,
  id: ({ tokenId }) => tokenId,
  describe: ({ userId, tokenId }) => ({ userId, tokenId }),
  async compose(key, context): Promise<MailComposition> {
    const loaded = await load(key, context);
    if (!('token' in loaded)) return loaded;
    const { token } = loaded;
    if (!token.url) return { fail: 'token has no url' };
    const redirect = mergeQuery(token.url, [
      ['userId', key.userId],
      ['secret', magicUrlSecret(context.secretKey, token._id)],
      ['expire', appwriteDate(token.expire)],
      ['project', key.projectId],
    ]);
    return {
      to: { name: loaded.name, address: loaded.address },
      locale: token.locale ?? 'en',
      variables: { user: loaded.name, redirect, phrase: token.phrase, ...loaded.agent },
    };
  },
});

/** `POST /v1/account/tokens/email`'s email: the 6-digit code (Appwrite's `otp`, docs/mail.md). */
export const emailOtpKind = outboxKind({
  name: 'otp',
  jobName: 'mail.otp',
  data: SignInMail,
  template: emailOtpTemplate,
  id: ({ tokenId }) => tokenId,
  describe: ({ userId, tokenId }) => ({ userId, tokenId }),
  async compose(key, context): Promise<MailComposition> {
    const loaded = await load(key, context);
    if (!('token' in loaded)) return loaded;
    const { token } = loaded;
    return {
      to: { name: loaded.name, address: loaded.address },
      locale: token.locale ?? 'en',
      variables: {
        user: loaded.name,
        otp: emailOtpCode(context.secretKey, token._id),
        phrase: token.phrase,
        ...loaded.agent,
      },
    };
  },
});
