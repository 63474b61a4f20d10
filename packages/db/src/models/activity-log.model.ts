import { Schema, type InferSchemaType } from 'mongoose';

/**
 * One entry of the activity log (docs/events.md#activity-logs): what an event of the stream
 * recorded, in the fields of Appwrite's `Log` model. `_id` is the event's id, so an event
 * delivered twice is recorded once (the insert is the claim).
 */
export const activityLogSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Appwrite's audit label: `team.create`, `membership.update`, `session.create`, … */
    event: { type: String, required: true },
    /** The stream's event template it was recorded from. */
    template: { type: String, required: true },
    /** `team/{teamId}`, `user/{userId}` or `bucket/{bucketId}`, as Appwrite's audit `resource`. */
    resource: { type: String, required: true },
    /** Set on team and membership entries while the team lives: what team logs select. */
    teamId: { type: String },
    /** The acting user's id when the actor is a user: what user and account logs select. */
    actorUserId: { type: String },
    userId: { type: String, default: '' },
    userName: { type: String, default: '' },
    userEmail: { type: String, default: '' },
    userType: { type: String, default: '' },
    mode: { type: String, default: 'default' },
    ip: { type: String, default: '' },
    userAgent: { type: String, default: '' },
    time: { type: Date, required: true },
    /** The event's position among its resource's events: orders entries of the same instant. */
    sequence: { type: Number, default: 0 },
    osCode: { type: String, default: '' },
    osName: { type: String, default: '' },
    osVersion: { type: String, default: '' },
    clientType: { type: String, default: '' },
    clientCode: { type: String, default: '' },
    clientName: { type: String, default: '' },
    clientVersion: { type: String, default: '' },
    clientEngine: { type: String, default: '' },
    clientEngineVersion: { type: String, default: '' },
    deviceName: { type: String, default: '' },
    deviceBrand: { type: String, default: '' },
    deviceModel: { type: String, default: '' },
    /** Lower-case ISO 3166 alpha-2, or `--` when unknown (no GeoIP database, private address). */
    countryCode: { type: String, default: '--' },
  },
  { versionKey: false },
);
// One index per read, with the read's sort (docs/events.md#activity-logs): a team's entries and
// a user's own actions, newest first; the retention sweep by time.
activityLogSchema.index({ teamId: 1, time: -1, sequence: -1, _id: -1 });
activityLogSchema.index({ actorUserId: 1, time: -1, sequence: -1, _id: -1 });
activityLogSchema.index({ time: 1 });
// Whether a resource's deletion was recorded at or after a time (the consumer's late-entry check).
activityLogSchema.index({ resource: 1, event: 1, time: -1 });

export type ActivityLog = InferSchemaType<typeof activityLogSchema>;
