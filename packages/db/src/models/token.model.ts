import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/**
 * What a token is for (Appwrite's token types): signing in (`generic`, `magic-url`, `email` OTP:
 * the session's factor and provider follow from it), or proving the user holds their address
 * (`verification`) or may set a new password (`recovery`); those two never open a session.
 */
export const TOKEN_KINDS = ['generic', 'magic-url', 'email', 'oauth2', 'verification', 'recovery'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * A single-use secret that a user exchanges for a session (`POST /v1/account/sessions/token`):
 * made by an API key for a custom sign-in (`generic`), or mailed (`magic-url`, `email` OTP). Only
 * the SHA-256 of the secret is stored; the token is deleted when it is used.
 */
export const tokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    /** The epoch of the user it was made for (epoch.ts): a re-created user's id finds none. */
    userEpoch: { type: String },
    kind: { type: String, enum: TOKEN_KINDS, required: true },
    secretHash: { type: String, required: true },
    expire: { type: Date, required: true },
    /** The security phrase shown beside the request and in the email, if one was asked for. */
    phrase: { type: String, default: '' },
    /** An `oauth2` token's provider: the session it opens is that provider's. */
    provider: { type: String },
    /**
     * A mailed token's email: the link's base (`magic-url`), the requester's locale and
     * User-Agent (the email names the client that asked). Not secret; the worker reads them.
     */
    url: { type: String },
    locale: { type: String },
    userAgent: { type: String },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// The exchange looks a token up by its user and secret; the cleanup by expiry.
tokenSchema.index({ userId: 1, secretHash: 1 });
tokenSchema.index({ expire: 1 });

// The event outbox's marker (docs/events.md#the-outbox).
tokenSchema.plugin(eventMarker);

export type Token = InferSchemaType<typeof tokenSchema>;
