import { Schema, type InferSchemaType } from 'mongoose';

export const SCOPES = [
  'teams.read',
  'teams.write',
  'users.read',
  'users.write',
  'webhooks.read',
  'webhooks.write',
  'buckets.read',
  'buckets.write',
] as const;
export type Scope = (typeof SCOPES)[number];

/** A server API key. Only the SHA-256 of the key is stored; the key itself is shown once. */
export const apiKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    scopes: { type: [String], enum: SCOPES, default: [] },
    secretHash: { type: String, required: true, unique: true },
    expire: { type: Date },
    accessedAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

export type ApiKey = InferSchemaType<typeof apiKeySchema>;
