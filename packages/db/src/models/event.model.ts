import { Schema, type InferSchemaType } from 'mongoose';

/**
 * One event of the stream (events/store.ts has the rules). `params` and `payload` are JSON text:
 * an Appwrite payload has `$`-prefixed keys, which a stored document may not, and the order of
 * `params` decides the order of the event names.
 */
export const eventSchema = new Schema(
  {
    _id: { type: String, required: true },
    resource: { type: String, required: true },
    sequence: { type: Number, required: true },
    /**
     * `pending` until the change is known to have happened, then `ready`; `discarded` when it did not
     * (kept, done, so its position is never handed out again: events/positions.ts).
     */
    state: { type: String, enum: ['pending', 'ready', 'discarded'], required: true },
    template: { type: String, required: true },
    params: { type: String, required: true },
    names: { type: [String], default: [] },
    payload: { type: String, default: '{}' },
    teamId: { type: String },
    userId: { type: String },
    actor: {
      type: new Schema(
        {
          type: { type: String, required: true },
          userId: { type: String, default: '' },
          userName: { type: String, default: '' },
          userEmail: { type: String, default: '' },
          ip: { type: String, default: '' },
          userAgent: { type: String, default: '' },
        },
        { _id: false },
      ),
      required: true,
    },
    requestId: { type: String },
    /** How the sweeper tells whether the change happened (events/store.ts). JSON text of the filter. */
    check: {
      type: new Schema(
        {
          /** The collection (`collection` is a name Mongoose reserves). */
          on: { type: String, required: true },
          filter: { type: String, required: true },
          kind: { type: String, enum: ['write', 'delete'], required: true },
          /** The param to fill with the written document's `_id` (a membership create's `membershipId`). */
          idParam: { type: String },
          /** The field holding the marker, when not `eventId` (a delivery event's `delivery.eventId`). */
          marker: { type: String },
        },
        { _id: false },
      ),
      required: true,
    },
    /** Committed by the sweeper, not by the request: the payload is what was known before the change. */
    recovered: { type: Boolean, default: false },
    /** The consumers that took it. */
    delivered: { type: [String], default: [] },
    /** Every consumer took it (or there was none): the dispatcher no longer looks at it. */
    done: { type: Boolean, default: false },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// The claim of a position: of two inserts of one (resource, sequence) exactly one succeeds.
eventSchema.index({ resource: 1, sequence: 1 }, { unique: true });
// The dispatcher's and the sweeper's queries, and the retention.
eventSchema.index({ done: 1, createdAt: 1 });
eventSchema.index({ state: 1, createdAt: 1 });
eventSchema.index({ createdAt: 1 });

export type StoredEventDocument = InferSchemaType<typeof eventSchema> & { _id: string; createdAt: Date };
