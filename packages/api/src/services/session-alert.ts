import { type StoredSession, type StoredUser } from '@roster/db';
import { requestMail, sessionAlertKind, type MailKind } from '@roster/jobs';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';

/**
 * With `ROSTER_SESSION_ALERTS` on, requests the new-session email (Appwrite's session alert, on
 * when the project's `auths.sessionAlerts` is): for a password or generic-token session of a user
 * with an address, not for their first session, not for a magic URL or email code (the user just
 * read an email to open it). Failing to request it never fails the sign-in.
 */
export async function alertNewSession(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'mail'>,
  actor: Pick<Actor, 'locale'>,
  user: Pick<StoredUser, '_id' | 'email'>,
  session: Pick<StoredSession, '_id' | 'provider' | 'factors' | 'createdAt'>,
): Promise<void> {
  if (!deps.config.sessionAlerts || !user.email) return;
  if (['magic-url', 'token'].includes(session.provider) && session.factors.includes('email')) return;
  const { repos, mail } = deps;
  try {
    if ((await repos.sessions.countOf(user._id)) <= 1) return;
    await requestMail(
      {
        mailOutbox: repos.mailOutbox,
        enqueue: <Key>(kind: MailKind<Key>, key: Key) =>
          mail ? mail.add(kind, key) : Promise.reject(new Error('no mail queue')),
      },
      sessionAlertKind,
      { userId: user._id, sessionId: session._id, locale: actor.locale, at: session.createdAt.toISOString() },
    );
  } catch {
    // The session is open; an alert that could not be requested is not worth a failed sign-in.
  }
}
