import { Schema, type InferSchemaType } from 'mongoose';
import { eventMarker } from '../events/marker.ts';

/**
 * A Storage bucket (Appwrite's, docs/storage.md#buckets): its settings and the permissions of its
 * files. Bucket ids are chosen by callers, so a deleted bucket's id may come back: `epoch` is set
 * once at creation and never changed, so what is written for a bucket (its files) can name the
 * bucket it belongs to and never attach to a later one with the same id (docs/database.md, "Epochs").
 */
export const bucketSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    /** `"<id> <name>"`, what the `search` parameter matches words against. */
    search: { type: String, required: true },
    /** Appwrite's `$permissions`, stored with `write` expanded and no duplicates. */
    permissions: { type: [String], default: [] },
    fileSecurity: { type: Boolean, default: false },
    enabled: { type: Boolean, default: true },
    maximumFileSize: { type: Number, required: true },
    allowedFileExtensions: { type: [String], default: [] },
    compression: { type: String, enum: ['none', 'gzip', 'zstd'], default: 'none' },
    encryption: { type: Boolean, default: true },
    antivirus: { type: Boolean, default: true },
    transformations: { type: Boolean, default: true },
    epoch: { type: String, required: true },
  },
  { timestamps: true, minimize: false, versionKey: false },
);

// The event outbox's marker (docs/events.md#the-outbox).
bucketSchema.plugin(eventMarker);

export type Bucket = InferSchemaType<typeof bucketSchema>;
