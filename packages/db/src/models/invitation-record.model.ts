import { Schema, type InferSchemaType } from 'mongoose';

export const CLOSED_INVITATION_STATES = ['declined', 'revoked'] as const;
export type ClosedInvitationState = (typeof CLOSED_INVITATION_STATES)[number];

/**
 * An invitation that ended without a member (docs/invitations.md#states): declined by its invitee
 * or revoked by an owner or a key. Appwrite deletes the membership in both cases, and so does
 * Roster, so Appwrite's reads never see it; this record is what owners still see of it. Its `_id`
 * is the deleted membership's (a membership is deleted once). A later invitation of the same
 * person removes the records of (team, user): the invitation is open again.
 */
export const invitationRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    /** The epoch of the team it was written for (epoch.ts): a deleted team's records stay unseen. */
    teamEpoch: { type: String },
    userId: { type: String, required: true },
    state: { type: String, enum: CLOSED_INVITATION_STATES, required: true },
    roles: { type: [String], default: [] },
    name: { type: String, default: '' },
    email: { type: String, default: '' },
    phone: { type: String, default: '' },
    inviterId: { type: String, default: '' },
    invited: { type: Date, required: true },
    /** When it was declined or revoked, and by whom (`''` for a key). */
    closed: { type: Date, required: true },
    closedBy: { type: String, default: '' },
    /** The email's delivery state when it closed (`''` without one). */
    deliveryState: { type: String, default: '' },
  },
  { versionKey: false },
);
// A team's records of one state, newest first (the owners' list), and all of them (no state).
invitationRecordSchema.index({ teamId: 1, state: 1, closed: -1 });
invitationRecordSchema.index({ teamId: 1, closed: -1 });
// Re-inviting a person reopens their invitation: their records in the team are removed.
invitationRecordSchema.index({ teamId: 1, userId: 1 });

export type InvitationRecord = InferSchemaType<typeof invitationRecordSchema>;
