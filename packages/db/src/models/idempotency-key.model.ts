import { Schema, type InferSchemaType } from 'mongoose';

/**
 * The first result of a call made with an `Idempotency-Key` (docs/invitations.md#idempotency-keys).
 * Its id is the SHA-256 of the caller, the route and the key, so inserting it is the claim that
 * decides which of racing retries runs; the others wait for `result`. A claim still `pending`
 * past `leaseUntil` was left by a call that died, and may be taken over.
 */
export const idempotencyKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    /** SHA-256 of the call's input: a repeat with another body is refused. */
    bodyHash: { type: String, required: true },
    state: { type: String, enum: ['pending', 'done'], required: true },
    /** The stored result, as JSON (set when `done`). */
    result: { type: String, default: '' },
    leaseUntil: { type: Date, required: true },
    expire: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Keys are looked up by id; the cleanup deletes by expiry (FerretDB has no TTL indexes).
idempotencyKeySchema.index({ expire: 1 });

export type IdempotencyKey = InferSchemaType<typeof idempotencyKeySchema>;
