import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A claim: inserting a document with a given `_id` succeeds exactly once (code 11000 for the
 * others), even on FerretDB where conditional updates race (docs/database.md). Used where one
 * caller must win, e.g. accepting an invitation (`accept:<membershipId>:<secretVersion>`).
 */
export const claimSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, default: '' },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// The scheduled cleanup deletes old claims (packages/db/src/cleanup.ts).
claimSchema.index({ createdAt: 1 });

export type Claim = InferSchemaType<typeof claimSchema>;
