import { z } from 'zod';
import { parseUserAgent } from '../../events/activity-logs/user-agent.ts';
import { type MailComposition } from '../kind.ts';
import { outboxKind } from '../outbox-kind.ts';
import { sessionAlertTemplate } from './session-alert.ts';

const ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$/);

/**
 * A session alert's job: ids, the requester's locale and when the session opened (no address,
 * name or secret in Redis; the client and IP address are read from the session).
 */
export const SessionAlertJob = z.object({
  userId: ID,
  sessionId: ID,
  locale: z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/),
  at: z.iso.datetime(),
});
export type SessionAlertJob = z.infer<typeof SessionAlertJob>;

/** Appwrite's `date` ("F j", e.g. "March 5"), in the email's locale; English for a locale Intl does not know. */
function dayOf(at: Date, locale: string): string {
  const options = { month: 'long', day: 'numeric', timeZone: 'UTC' } as const;
  try {
    return new Intl.DateTimeFormat(locale, options).format(at);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(at);
  }
}

/**
 * A new session's alert (Appwrite's `session-alert`, docs/mail.md#the-session-alert): when (UTC),
 * from which client and address the session was opened. Sent even when the session has ended
 * meanwhile (whoever opened it could otherwise hide it by signing out at once): the client and
 * address are then `UNKNOWN`.
 */
export const sessionAlertKind = outboxKind({
  name: 'session-alert',
  jobName: 'mail.session-alert',
  data: SessionAlertJob,
  template: sessionAlertTemplate,
  id: ({ sessionId }) => sessionId,
  describe: ({ userId, sessionId }) => ({ userId, sessionId }),
  async compose({ userId, sessionId, locale, at: opened }, { reads }): Promise<MailComposition> {
    const [session, user] = await Promise.all([reads.session(sessionId), reads.user(userId)]);
    if (session && session.userId !== userId) return { skip: 'session of another user' };
    if (!user?.email) return { fail: 'user has no email address' };
    const at = new Date(opened);
    const client = parseUserAgent(session?.userAgent ?? '');
    const name = user.name || user.email;
    return {
      to: { name, address: user.email },
      locale,
      variables: {
        user: name,
        date: dayOf(at, locale),
        year: String(at.getUTCFullYear()),
        time: at.toISOString().slice(11, 19),
        device: client.clientName || session?.userAgent || 'UNKNOWN',
        ipAddress: session?.ip || 'UNKNOWN',
        country: 'Unknown',
      },
    };
  },
});
