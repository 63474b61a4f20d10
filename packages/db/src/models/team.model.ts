import { Schema, type InferSchemaType } from 'mongoose';

/** A team. */
export const teamSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    /** `"<id> <name>"`, what the `search` parameter matches words against. */
    search: { type: String, required: true },
    /** JSON text of the preferences object (any keys, any nesting; see api lib/prefs.ts). */
    prefs: { type: String, default: '{}' },
    /**
     * Its confirmed memberships, recounted under the team's lock after every change that moves it
     * (totals.ts, docs/database.md#team-totals); absent on teams written before it was stored.
     */
    total: { type: Number },
    /** Set once at creation, absent on teams created before epochs (see epoch.ts). */
    epoch: { type: String },
  },
  { timestamps: true, minimize: false, versionKey: false },
);
teamSchema.index({ name: 1 });

export type Team = InferSchemaType<typeof teamSchema>;
