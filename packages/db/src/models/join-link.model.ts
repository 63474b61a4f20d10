import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/**
 * A shareable join link of a team (a Roster extension, docs/api.md#join-links): whoever opens it
 * while signed in joins the team with `roles`, until it expires, is revoked or has been used
 * `maxUses` times. Only the SHA-256 of its secret is stored; the secret is shown once, in the link.
 */
export const joinLinkSchema = new Schema(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    /** The epoch of the team it was made for (epoch.ts): a re-created team does not inherit it. */
    teamEpoch: { type: String },
    roles: { type: [String], default: [] },
    /** SHA-256 hex of the link's secret. */
    secretHash: { type: String, required: true },
    /** Absent: never expires. */
    expire: { type: Date },
    maxUses: { type: Number, required: true },
    /** The email domain a joining user's verified address must have (`corp.com`), `''` for any. */
    domain: { type: String, default: '' },
    /** The owner who made it; `''` for an API key. */
    creatorId: { type: String, default: '' },
    /** Set once when revoked; absent while usable. */
    revokedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);
// A team's links, newest first (the list).
joinLinkSchema.index({ teamId: 1, createdAt: 1, _id: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
joinLinkSchema.plugin(eventMarker);

export type JoinLink = InferSchemaType<typeof joinLinkSchema>;

/**
 * One use of a join link: the claim of slot `slot` (1 … maxUses), `_id` `<linkId>:<slot>`.
 * FerretDB loses concurrent `$inc`s (docs/database.md#facts), so uses are not counted on the
 * link: each join inserts its slot, and the unique key lets exactly one joiner have each slot.
 */
export const joinLinkUseSchema = new Schema(
  {
    _id: { type: String, required: true },
    linkId: { type: String, required: true },
    slot: { type: Number, required: true },
    userId: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// The claim itself (also `_id`), and what counting and listing a link's uses read.
joinLinkUseSchema.index({ linkId: 1, slot: 1 }, { unique: true });

export type JoinLinkUse = InferSchemaType<typeof joinLinkUseSchema>;
