import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/** A signed-in session. Only the SHA-256 of its secret is stored. */
export const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    secretHash: { type: String, required: true, unique: true },
    expire: { type: Date, required: true },
    provider: { type: String, default: 'email' },
    providerUid: { type: String, default: '' },
    factors: { type: [String], default: [] },
    /** When an MFA challenge was last completed with this session (Appwrite's `mfaUpdatedAt`). */
    mfaUpdatedAt: { type: Date },
    ip: { type: String, default: '' },
    userAgent: { type: String, default: '' },
    /** The epoch of the user it was opened for; absent for a legacy user (see epoch.ts). */
    userEpoch: { type: String },
  },
  { timestamps: true, versionKey: false },
);
// The scheduled cleanup deletes expired sessions (packages/db/src/cleanup.ts).
sessionSchema.index({ expire: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
sessionSchema.plugin(eventMarker);

export type Session = InferSchemaType<typeof sessionSchema>;
