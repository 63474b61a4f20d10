import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/**
 * A team. There is no stored member count: `total` is derived from confirmed memberships, so it
 * can never drift (FerretDB loses concurrent `$inc`s; docs/database.md).
 */
export const teamSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    /** `"<id> <name>"`, what the `search` parameter matches words against. */
    search: { type: String, required: true },
    /** JSON text of the preferences object (any keys, any nesting; see api lib/prefs.ts). */
    prefs: { type: String, default: '{}' },
    /** Set once at creation, absent on teams created before epochs (see epoch.ts). */
    epoch: { type: String },
  },
  { timestamps: true, minimize: false, versionKey: false },
);
teamSchema.index({ name: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
teamSchema.plugin(eventMarker);

export type Team = InferSchemaType<typeof teamSchema>;
