import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/** A role an owner added to their team (docs/api.md#roles-and-permissions), besides the project's catalog. */
const teamRoleSchema = new Schema(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    permissions: { type: [String], default: [] },
  },
  { _id: false },
);

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
    /** The team's own roles, in creation order; absent on teams that never had one. */
    teamRoles: { type: [teamRoleSchema], default: undefined },
    /** Set once at creation, absent on teams created before epochs (see epoch.ts). */
    epoch: { type: String },
  },
  { timestamps: true, minimize: false, versionKey: false },
);
teamSchema.index({ name: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
teamSchema.plugin(eventMarker);

export type Team = InferSchemaType<typeof teamSchema>;
