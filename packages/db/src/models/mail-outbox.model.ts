import { Schema, type InferSchemaType } from 'mongoose';

/**
 * One requested email of a kind that has no document of its own to carry its delivery (every
 * kind but the invitation, whose delivery lives on its membership): written before its job is
 * queued, so the sweeper finds it if Redis was down (docs/mail.md#the-mail-outbox). `_id` is
 * `<kind>/<email id>`, so requesting the same email twice writes one entry.
 */
export const mailOutboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    /** The job's data (ids only), as JSON: what the sweeper queues again. */
    job: { type: String, required: true },
    state: { type: String, enum: ['queued', 'sent', 'failed', 'skipped'], required: true },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: '' },
    queuedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    messageId: { type: String, default: '' },
  },
  { versionKey: false },
);
// The sweeper: a kind's entries still `queued`, oldest first (top-level equalities, pushed down on FerretDB).
mailOutboxSchema.index({ state: 1, kind: 1, queuedAt: 1 });
// The scheduled cleanup deletes entries past their retention (packages/db/src/cleanup.ts).
mailOutboxSchema.index({ queuedAt: 1 });

export type MailOutboxEntry = InferSchemaType<typeof mailOutboxSchema>;
