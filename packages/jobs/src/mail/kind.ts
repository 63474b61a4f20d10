import {
  type MailOutbox,
  type Outbox,
  type StoredMembership,
  type StoredMfaChallenge,
  type StoredSession,
  type StoredTeam,
  type StoredToken,
} from '@roster/db';
import { type z } from 'zod';
import { type AnyMailTemplate } from './template.ts';

/**
 * How one kind of email records its progress (docs/mail.md#the-pipeline). Invitations keep it on
 * the membership (`teams.getMembershipDelivery`, with an event per change); a kind with nothing to
 * show records nothing (`NO_DELIVERY_STATE`). Every write names the email's version, so a newer
 * email of the same thing (a re-invite) is never overwritten by an older one's job.
 */
export interface DeliveryState {
  /** Nothing will be sent (`reason` says why). */
  skipped(reason: string): Promise<void>;
  /** The server accepted the message (`attempts` omitted when recovering a recorded send). */
  sent(sent: { messageId: string; at: Date; attempts?: number }): Promise<void>;
  /** No further attempt will be made. */
  failed(failure: { lastError: string; attempts?: number }): Promise<void>;
  /** An attempt failed and another will follow. */
  failedAttempt(failure: { attempts: number; lastError: string }): Promise<void>;
}

export const NO_DELIVERY_STATE: DeliveryState = {
  skipped: () => Promise.resolve(),
  sent: () => Promise.resolve(),
  failed: () => Promise.resolve(),
  failedAttempt: () => Promise.resolve(),
};

/** What a kind's `open` found for a job. */
export type MailOpening =
  /** Nothing to do and nothing to record (the thing is gone, or a newer email replaced this one). */
  | { gone: string }
  /** Nothing to send: record `skipped` with this reason. */
  | { skip: string; delivery: DeliveryState }
  /**
   * To be sent. A kind whose delivery state says `sent` answers `gone` for that instead (no need
   * to claim and read the ledger to find out).
   */
  | {
      delivery: DeliveryState;
      /**
       * Who gets the email and with what: loaded while the send is claimed (in parallel), so a
       * failure here releases the claim. `skip` records skipped, `fail` records failed for good.
       */
      compose(): Promise<MailComposition>;
    };

export type MailComposition =
  | { skip: string }
  | { fail: string }
  | {
      to: { name: string; address: string };
      /** The recipient's locale code; unknown ones fall back to English key by key. */
      locale: string;
      /** The template's variables (`project` is filled in by the pipeline when absent). */
      variables: Record<string, string>;
    };

/** What the sweeper reads waiting emails from: the invitations' outbox and every other kind's. */
export interface SweepSource {
  outbox: Pick<Outbox, 'staleQueued'>;
  mailOutbox: Pick<MailOutbox, 'staleQueued'>;
}

/** What every kind's `open` may use: the database, the server key and the project's name. */
export interface MailContext {
  /** Batched reads by id (the worker groups concurrent jobs' reads into one query per collection). */
  reads: MailReads;
  outbox: Outbox;
  /** Every other kind's requests and delivery state (mail/outbox-kind.ts). */
  mailOutbox: MailOutbox;
  /** `ROSTER_SECRET_KEY`, from which links' secrets are derived (never stored, never in Redis). */
  secretKey: string;
  projectName: string;
}

export interface MailReads {
  membership(id: string): Promise<StoredMembership | null>;
  team(id: string): Promise<StoredTeam | null>;
  user(id: string): Promise<MailUser | null>;
  /** A mailed sign-in token (its expiry, link base, locale and requester). */
  token(id: string): Promise<StoredToken | null>;
  /** An MFA challenge whose code is mailed (its factor, expiry, locale and requester). */
  mfaChallenge(id: string): Promise<StoredMfaChallenge | null>;
  /** A session whose alert is mailed (when, from where). */
  session(id: string): Promise<StoredSession | null>;
}

/** What an email needs of a user: a name and an address. */
export interface MailUser {
  _id: string;
  name: string;
  email?: string | null | undefined;
}

/**
 * One kind of email: everything the one processor (processors/send-mail.ts) and the one sweeper
 * (processors/sweep-mail-outbox.ts) need to know about it. Adding a kind is a template and one of
 * these (docs/mail.md#adding-an-email-kind).
 */
export interface MailKind<Key = unknown> {
  /** The kind's name: logs, `ROSTER_MAIL_TEMPLATES_DIR/<name>/`, and the registry's key. */
  name: string;
  /** The BullMQ job name on the `mail` queue. */
  jobName: string;
  /** The job's data: ids only, validated before anything else (no secret, address or name in Redis). */
  data: z.ZodType<Key>;
  /** One job per email: adding it twice adds one job. */
  jobId(key: Key): string;
  /** The send ledger's key (@roster/db outbox/send-ledger.ts): claims of this email's attempts. */
  ledgerKey(key: Key): string;
  /** The Message-ID's local part: one per email, so a crash-resent copy carries the same one. */
  messageIdLocal(key: Key): string;
  /** Log fields naming the email. */
  describe(key: Key): Record<string, string>;
  template: AnyMailTemplate;
  /** Loads the email's state: whether it is still to be sent, and how to record its progress. */
  open(key: Key, context: MailContext): Promise<MailOpening>;
  /**
   * The sweeper's query: emails still waiting to be sent since `olderThan` or before, oldest first.
   * Absent for a kind whose requests are not written before they are queued.
   */
  staleQueued?(source: SweepSource, options: { olderThan: Date; limit: number }): Promise<Key[]>;
}
