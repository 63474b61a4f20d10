/**
 * Queue names and the key prefix. The prefix is a Redis Cluster hash tag (`{roster}`) so that all
 * of a queue's keys land on one slot; tests pass their own prefix to stay isolated.
 */
export const DEFAULT_QUEUE_PREFIX = '{roster}';

export const QUEUE = {
  /** Outgoing email, one job per message. */
  mail: 'mail',
  /**
   * The outbox sweeper's scheduled job. A queue of its own, so that a backlog of emails (or the
   * send-rate limit) never delays the sweep that finds invitations missing from the mail queue.
   */
  mailOutbox: 'mail-outbox',
  /** Scheduled housekeeping: expired sessions and old claims (packages/db/src/cleanup.ts). */
  maintenance: 'maintenance',
  /** The event dispatcher's passes: polled on a schedule, nudged by the API (docs/events.md#dispatch). */
  events: 'events',
} as const;

export const JOB = {
  teamInvite: 'mail.team-invite',
  sweepInvitations: 'mail.invite-sweep',
  cleanup: 'maintenance.cleanup',
  dispatchEvents: 'events.dispatch',
} as const;
