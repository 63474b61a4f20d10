import { isDuplicateKeyError } from '../errors.ts';
import { type Models } from '../models/index.ts';

/** A requested email's entry (docs/mail.md#the-mail-outbox). */
export interface MailOutboxRecord {
  kind: string;
  id: string;
  /** The job's data, as requested. */
  job: unknown;
  state: 'queued' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  lastError: string;
  queuedAt: Date;
  sentAt: Date | null;
  messageId: string;
}

export type MailDeliveryFields = Partial<
  Pick<MailOutboxRecord, 'state' | 'attempts' | 'lastError' | 'sentAt' | 'messageId'>
>;

/** How long an entry is kept after it was requested: its token has long expired by then. */
export const MAIL_OUTBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

const entryId = (kind: string, id: string) => `${kind}/${id}`;

/**
 * The outbox of every kind of email that has no document of its own to carry its delivery
 * (docs/mail.md#the-mail-outbox): the request is written `queued` before its job is added, the
 * sweeper re-queues what stays `queued` (Redis was down, a process died), and the mail worker
 * records `sent`, `failed` or `skipped` on it. Only the mail worker writes an entry after it is
 * added, one write at a time per entry, so plain point updates by `_id` are safe on FerretDB.
 */
export function createMailOutbox(models: Models) {
  const { MailOutbox } = models;
  return {
    /** Requests one email `queued`; false when it was requested already (same kind and id). */
    async add(request: { kind: string; id: string; job: object; now: Date }): Promise<boolean> {
      try {
        await MailOutbox.create({
          _id: entryId(request.kind, request.id),
          kind: request.kind,
          job: JSON.stringify(request.job),
          state: 'queued',
          queuedAt: request.now,
        });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },

    async byId(kind: string, id: string): Promise<MailOutboxRecord | null> {
      const entry = await MailOutbox.findById(entryId(kind, id)).lean();
      if (!entry) return null;
      return {
        kind: entry.kind,
        id,
        job: JSON.parse(entry.job) as unknown,
        state: entry.state,
        attempts: entry.attempts,
        lastError: entry.lastError,
        queuedAt: entry.queuedAt,
        sentAt: entry.sentAt ?? null,
        messageId: entry.messageId,
      };
    },

    /** The jobs of `kind`'s entries still `queued` since `olderThan` or before, oldest first (the sweeper's). */
    async staleQueued(kind: string, options: { olderThan: Date; limit: number }): Promise<unknown[]> {
      const stale = await MailOutbox.find(
        { state: 'queued', kind, queuedAt: { $lte: options.olderThan } },
        { job: 1 },
      )
        .sort({ queuedAt: 1 })
        .limit(options.limit)
        .lean();
      return stale.map((entry) => JSON.parse(entry.job) as unknown);
    },

    /** The mail worker's record of the email's progress. */
    async setDelivery(kind: string, id: string, fields: MailDeliveryFields): Promise<void> {
      await MailOutbox.updateOne({ _id: entryId(kind, id) }, { $set: fields });
    },

    /** Deletes entries requested before `cutoff` (the scheduled cleanup). */
    async deleteQueuedBefore(cutoff: Date): Promise<number> {
      const { deletedCount } = await MailOutbox.deleteMany({ queuedAt: { $lt: cutoff } });
      return deletedCount;
    },
  };
}

export type MailOutbox = ReturnType<typeof createMailOutbox>;
