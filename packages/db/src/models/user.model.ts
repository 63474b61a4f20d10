import { Schema, type InferSchemaType } from 'mongoose';

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
    /** Set when the user chose no password (an invitee); they may set one without the old one. */
    passwordUpdate: { type: Date },
    emailVerification: { type: Boolean, default: false },
    phoneVerification: { type: Boolean, default: false },
    status: { type: Boolean, default: true },
    labels: { type: [String], default: [] },
    prefs: { type: Schema.Types.Mixed, default: () => ({}) },
    registration: { type: Date, default: () => new Date() },
    accessedAt: { type: Date },
  },
  { timestamps: true, minimize: false, versionKey: false },
);

export type User = InferSchemaType<typeof userSchema>;
