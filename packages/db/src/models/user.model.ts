import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/**
 * A user account. `emailLower` and `phone` are unique when present and *omitted* (never null) when
 * absent: FerretDB ignores `sparse`, and an explicit null would collide (docs/database.md).
 */
export const userSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, default: '' },
    email: { type: String },
    emailLower: { type: String, unique: true, sparse: true },
    phone: { type: String, unique: true, sparse: true },
    passwordHash: { type: String },
    /**
     * The algorithm of an imported `passwordHash` (Appwrite's names: `bcrypt`, `md5`, `sha`, …);
     * absent for Roster's own argon2id. Removed with every password Roster sets.
     */
    hash: { type: String },
    /** JSON text of the imported hash's options (salt, costs, …), as Appwrite stores them. */
    hashOptions: { type: String },
    /** Set when the user chose no password (an invitee); they may set one without the old one. */
    passwordUpdate: { type: Date },
    emailVerification: { type: Boolean, default: false },
    phoneVerification: { type: Boolean, default: false },
    status: { type: Boolean, default: true },
    labels: { type: [String], default: [] },
    /** JSON text of the preferences object, like teams' (see api lib/prefs.ts). */
    prefs: { type: String, default: '{}' },
    registration: { type: Date, default: () => new Date() },
    accessedAt: { type: Date },
    /** `"<id> <email> <phone> <name>"`, what the users list `search` parameter matches words against. */
    search: { type: String, default: '' },
    /** Appwrite's `mfa`: sign-ins need a second factor (docs/api.md#mfa). */
    mfa: { type: Boolean, default: false },
    /**
     * The TOTP authenticator's secret, encrypted with a key derived from the server secret (AES-256-GCM,
     * api lib/encryption.ts); absent when the user has none. Never returned after its creation.
     */
    totpSecret: { type: String },
    /** Whether that authenticator was confirmed with a code (only then is it a factor). */
    totpVerified: { type: Boolean, default: false },
    /** The user's MFA recovery codes, a JSON array encrypted like `totpSecret`; absent when none. */
    mfaRecoveryCodes: { type: String },
    /** Set once at creation, absent on users created before epochs (see epoch.ts). */
    epoch: { type: String },
  },
  { timestamps: true, minimize: false, versionKey: false },
);

// The event outbox's marker (docs/events.md#the-outbox).
userSchema.plugin(eventMarker);

export type User = InferSchemaType<typeof userSchema>;
