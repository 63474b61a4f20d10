import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

export const DELIVERY_STATES = ['queued', 'sent', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * The delivery outbox of an invitation email (docs/invitations.md#the-pipeline): `queued` until the worker
 * sends it.
 * `secretVersion` changes on every re-invite, so each rotation has its own job id and old jobs
 * can tell they are stale.
 */
const deliverySchema = new Schema(
  {
    state: { type: String, enum: DELIVERY_STATES, required: true },
    secretVersion: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: '' },
    /**
     * The `url` given at invite time; the accept link is built on it
     * (docs/appwrite-compatibility.md#the-accept-link).
     */
    url: { type: String, required: true },
    queuedAt: { type: Date, required: true },
    sentAt: { type: Date },
    messageId: { type: String },
    /** The marker of the last delivery event (outbox/delivery-event.ts), apart from the membership's own. */
    eventId: { type: String },
  },
  { _id: false },
);

/**
 * What the inviter supplied about the invitee (`name`, `email`, `phone`, each `''` when not
 * given): all a pending membership shows of its user, so inviting cannot reveal an account's data.
 */
const invitedAsSchema = new Schema(
  {
    name: { type: String, default: '' },
    email: { type: String, default: '' },
    phone: { type: String, default: '' },
  },
  { _id: false },
);

/** A user's membership of a team: pending (`confirm: false`) until the invitation is accepted. */
export const membershipSchema = new Schema(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    roles: { type: [String], default: [] },
    invited: { type: Date, required: true },
    /** Omitted while pending. */
    joined: { type: Date },
    confirm: { type: Boolean, required: true },
    /** SHA-256 hex of the invitation secret; `''` for a team creator's own membership. */
    secretHash: { type: String, default: '' },
    inviterId: { type: String, default: '' },
    locale: { type: String, default: 'en' },
    /** `"<membershipId> <userId>"`, what the `search` parameter matches words against. */
    search: { type: String, required: true },
    /** Present only for invitations that send an email. */
    delivery: { type: deliverySchema },
    /** Set by invitations; absent on memberships written before it existed. */
    invitedAs: { type: invitedAsSchema },
    /** The epochs of the team and the user it was written for; absent for legacy ones (epoch.ts). */
    teamEpoch: { type: String },
    userEpoch: { type: String },
  },
  { timestamps: true, versionKey: false },
);
// One membership per (team, user): concurrent invitations of one person resolve to one document.
membershipSchema.index({ teamId: 1, userId: 1 }, { unique: true });
membershipSchema.index({ teamId: 1, confirm: 1 });
// A team's members in insertion order (the default page, and keyset cursors over it) without an in-memory sort.
membershipSchema.index({ teamId: 1, createdAt: 1, _id: 1 });
membershipSchema.index({ 'delivery.state': 1 });
// A team's members with a role (`Query.contains('roles', [...])`, docs/api.md#roles-and-permissions).
membershipSchema.index({ teamId: 1, roles: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
membershipSchema.plugin(eventMarker);

export type Membership = InferSchemaType<typeof membershipSchema>;
