import { z } from 'zod';
import { type MailComposition } from '../kind.ts';
import { outboxKind } from '../outbox-kind.ts';
import { mfaEmailCode } from '../sign-in-secrets.ts';
import { mfaChallengeTemplate } from './mfa-challenge.ts';
import { requesterAgent } from './sign-in-kinds.ts';

const ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/);

/** An MFA email challenge's job: ids only (the code is derived, the rest is on the challenge). */
export const MfaChallengeJob = z.object({ userId: ID, challengeId: z.string().regex(/^[a-zA-Z0-9]{1,36}$/) });
export type MfaChallengeJob = z.infer<typeof MfaChallengeJob>;

/**
 * `POST /v1/account/mfa/challenges` with `factor: email`: the six-digit code (Appwrite's
 * `mfa-challenge`, docs/mail.md#the-sign-in-emails). A challenge completed, replaced or expired by
 * the time the worker gets to it is not mailed (its code could not work).
 */
export const mfaChallengeKind = outboxKind({
  name: 'mfa-challenge',
  jobName: 'mail.mfa-challenge',
  data: MfaChallengeJob,
  template: mfaChallengeTemplate,
  id: ({ challengeId }) => challengeId,
  describe: ({ userId, challengeId }) => ({ userId, challengeId }),
  async compose({ userId, challengeId }, { reads, secretKey }): Promise<MailComposition> {
    const [challenge, user] = await Promise.all([reads.mfaChallenge(challengeId), reads.user(userId)]);
    if (!challenge || challenge.userId !== userId || challenge.factor !== 'email') {
      return { skip: 'challenge completed, replaced or removed' };
    }
    if (challenge.expire.getTime() < Date.now()) return { skip: 'challenge expired' };
    if (!user?.email) return { fail: 'user has no email address' };
    const name = user.name || user.email;
    return {
      to: { name, address: user.email },
      locale: challenge.locale || 'en',
      variables: {
        user: name,
        otp: mfaEmailCode(secretKey, challengeId),
        ...requesterAgent(challenge.userAgent),
      },
    };
  },
});
