import { Schema, type InferSchemaType } from 'mongoose';

/**
 * An OAuth2 sign-in under way: from the redirect to the provider until its callback. The `state`
 * sent to the provider is a random secret whose SHA-256 is the id; the browser that started the
 * flow holds another (the binder cookie) whose SHA-256 is `binderHash`. Used once, then deleted;
 * expired ones by the cleanup.
 */
export const oauth2FlowSchema = new Schema(
  {
    /** SHA-256 of the `state` parameter. */
    _id: { type: String, required: true },
    provider: { type: String, required: true },
    binderHash: { type: String, required: true },
    /** PKCE (S256) verifier and OIDC nonce: sent to nobody but the provider's token endpoint. */
    codeVerifier: { type: String, required: true },
    nonce: { type: String, required: true },
    success: { type: String, required: true },
    failure: { type: String, default: '' },
    /** `GET /v1/account/tokens/oauth2/{provider}`: a token for the success URL instead of a session. */
    token: { type: Boolean, default: false },
    /** The signed-in user who started it (linking a provider to their account). */
    userId: { type: String },
    expire: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// Flows are looked up by id; the cleanup deletes by expiry.
oauth2FlowSchema.index({ expire: 1 });

export type OAuth2Flow = InferSchemaType<typeof oauth2FlowSchema>;
