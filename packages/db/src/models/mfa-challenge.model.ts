import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/** The factors an MFA challenge may be made for (Appwrite's `Type::…`, docs/api.md#mfa). */
export const MFA_FACTORS = ['totp', 'email', 'phone', 'recoveryCode'] as const;
export type MfaFactor = (typeof MFA_FACTORS)[number];

/**
 * An MFA challenge (`POST /v1/account/mfa/challenges`): what factor the user will prove, and for
 * an emailed code only the SHA-256 of the code. Deleted when completed; expired ones by the cleanup.
 */
export const mfaChallengeSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    /** The epoch of the user it was made for (epoch.ts). */
    userEpoch: { type: String },
    factor: { type: String, enum: MFA_FACTORS, required: true },
    /** SHA-256 of the emailed code; absent for the factors that send nothing. */
    codeHash: { type: String },
    expire: { type: Date, required: true },
    /** An emailed code's email: the requester's locale and User-Agent (not secret; the worker reads them). */
    locale: { type: String },
    userAgent: { type: String },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Challenges are looked up by id; the cleanup deletes by expiry; a new email code replaces the user's others.
mfaChallengeSchema.index({ expire: 1 });
mfaChallengeSchema.index({ userId: 1, factor: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
mfaChallengeSchema.plugin(eventMarker);

export type MfaChallenge = InferSchemaType<typeof mfaChallengeSchema>;
