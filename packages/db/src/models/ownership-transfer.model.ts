import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/** Where an ownership offer stands (docs/api.md#ownership-transfers). */
export const OWNERSHIP_TRANSFER_STATES = [
  'pending',
  'accepted',
  'declined',
  'cancelled',
  'expired',
  /** The offerer was no longer an owner, or the recipient no longer a member, when it was accepted. */
  'void',
] as const;
export type OwnershipTransferState = (typeof OWNERSHIP_TRANSFER_STATES)[number];

/**
 * An owner's offer of ownership to a confirmed member of the team (a Roster extension). Every
 * change of its state is made under the team's `owners` lock (api services/ownership-transfers.ts),
 * the lock the owner rule takes, so it is decided in one order with every removal of an owner.
 */
export const ownershipTransferSchema = new Schema(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    /** The epoch of the team it was made in (epoch.ts). */
    teamEpoch: { type: String },
    fromMembershipId: { type: String, required: true },
    fromUserId: { type: String, required: true },
    toMembershipId: { type: String, required: true },
    toUserId: { type: String, required: true },
    /** The offerer keeps `owner` after the acceptance (a co-owner by consent) instead of losing it. */
    keepOwnership: { type: Boolean, default: false },
    state: { type: String, enum: OWNERSHIP_TRANSFER_STATES, required: true },
    expire: { type: Date, required: true },
    resolvedAt: { type: Date },
    /**
     * The one-pending-offer-per-team claim: set (to the team id) only while pending, removed when
     * it is decided. Unique and sparse, so of two offers inserted at once one wins (11000).
     */
    pendingTeamId: { type: String },
  },
  { timestamps: true, versionKey: false },
);
ownershipTransferSchema.index({ pendingTeamId: 1 }, { unique: true, sparse: true });
// A team's offers, newest first (the list), and a recipient's.
ownershipTransferSchema.index({ teamId: 1, createdAt: -1 });
ownershipTransferSchema.index({ toUserId: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
ownershipTransferSchema.plugin(eventMarker);

export type OwnershipTransfer = InferSchemaType<typeof ownershipTransferSchema>;
