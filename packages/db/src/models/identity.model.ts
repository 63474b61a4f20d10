import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/**
 * A user's link to an external sign-in provider (Appwrite's Identity), made by OIDC sign-in.
 * One provider account links to one user: (`provider`, `providerUid`) is unique, as in Appwrite,
 * so concurrent callbacks for one provider account make one identity. The provider's tokens are
 * credentials: OIDC sign-in does not keep them (they stay empty); whatever writes them one day
 * must seal them at rest, as webhook secrets are (webhooks/secret-box.ts).
 */
export const identitySchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    /** The epoch of the user it links to; absent for a legacy user (see epoch.ts). */
    userEpoch: { type: String },
    provider: { type: String, required: true },
    providerUid: { type: String, required: true },
    providerEmail: { type: String, default: '' },
    providerAccessToken: { type: String, default: '' },
    providerAccessTokenExpiry: { type: Date },
    providerRefreshToken: { type: String, default: '' },
    /** `"<id> <userId> <provider> <providerUid> <providerEmail>"`: what `users.listIdentities` searches. */
    search: { type: String, default: '' },
  },
  { timestamps: true, versionKey: false },
);
// A user's identities, listed in creation order (the account's list and its filters).
identitySchema.index({ userId: 1, createdAt: 1 });
identitySchema.index({ provider: 1, providerUid: 1 }, { unique: true });
// Whether another user's identity carries an email (account.updateEmail refuses it).
identitySchema.index({ providerEmail: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
identitySchema.plugin(eventMarker);

export type Identity = InferSchemaType<typeof identitySchema>;
