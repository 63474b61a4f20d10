import { MAIL_OUTBOX_RETENTION_MS } from './outbox/mail-outbox.ts';
import { type Repositories } from './repositories/index.ts';

/**
 * How long a claim is kept. Claims are decisions (who accepts, who sends, who holds a lock) that
 * matter for seconds to minutes: locks go stale after 10 s, send leases after the stall timeout,
 * a mail job's retries end within an hour. A week is far beyond all of them, so deleting older
 * claims cannot undo a decision that is still being acted on.
 */
export const CLAIM_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** How long activity log entries are kept unless configured: 14 days, as Appwrite's projects. */
export const DEFAULT_ACTIVITY_LOG_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * How long events are kept by default (`ROSTER_EVENT_RETENTION`): webhook replay reads them, so
 * they outlive their dispatch (docs/events.md#retention).
 */
export const DEFAULT_EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface CleanupOptions {
  /** Events older than this are deleted. */
  eventRetentionMs?: number;
  /** Activity log entries older than this are deleted (docs/events.md#activity-logs). */
  activityLogRetentionMs?: number;
}

export interface CleanupResult {
  /** Sessions past their expiry: they no longer sign anyone in. */
  sessions: number;
  /** Claims older than CLAIM_RETENTION_MS. */
  claims: number;
  /** Events older than the retention. */
  events: number;
  /** Activity log entries past their retention. */
  activityLogs: number;
  /** Sign-in tokens past their expiry. */
  tokens: number;
  /** Mail outbox entries requested more than MAIL_OUTBOX_RETENTION_MS ago. */
  mailOutbox: number;
}

/**
 * Deletes what only grows otherwise: expired sessions and tokens, old claims, old events, activity
 * log entries past their retention and old mail outbox entries. FerretDB and MongoDB have no TTL
 * indexes in common (docs/database.md), so the worker runs this on a schedule.
 */
export async function deleteExpired(
  repos: Pick<Repositories, 'sessions' | 'claims' | 'events' | 'activityLogs' | 'tokens' | 'mailOutbox'> &
    Partial<Pick<Repositories, 'mfaChallenges' | 'oauth2Flows' | 'idempotencyKeys'>>,
  now = new Date(),
  options: CleanupOptions = {},
): Promise<CleanupResult> {
  const eventRetentionMs = options.eventRetentionMs ?? DEFAULT_EVENT_RETENTION_MS;
  const logRetentionMs = options.activityLogRetentionMs ?? DEFAULT_ACTIVITY_LOG_RETENTION_MS;
  const [sessions, claims, events, activityLogs, tokens, mailOutbox] = await Promise.all([
    repos.sessions.deleteExpired(now),
    repos.claims.deleteCreatedBefore(new Date(now.getTime() - CLAIM_RETENTION_MS)),
    repos.events.deleteCreatedBefore(new Date(now.getTime() - eventRetentionMs)),
    repos.activityLogs.deleteBefore(new Date(now.getTime() - logRetentionMs)),
    repos.tokens.deleteExpired(now),
    repos.mailOutbox.deleteQueuedBefore(new Date(now.getTime() - MAIL_OUTBOX_RETENTION_MS)),
  ]);
  // MFA challenges live an hour; how many went is of no interest to the result's readers.
  if (repos.mfaChallenges) await repos.mfaChallenges.deleteExpired(now);
  // OAuth2 flows live ten minutes; likewise.
  if (repos.oauth2Flows) await repos.oauth2Flows.deleteExpired(now);
  // Idempotency keys are kept 24 hours (docs/invitations.md#idempotency-keys); likewise.
  if (repos.idempotencyKeys) await repos.idempotencyKeys.deleteExpired(now);
  return { sessions, claims, events, activityLogs, tokens, mailOutbox };
}
