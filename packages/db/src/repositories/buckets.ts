import { unlessDuplicate } from '../errors.ts';
import { listing, type Listing } from '../listing.ts';
import { newEpoch } from '../models/epoch.ts';
import { type Models } from '../models/index.ts';
import { type StoredBucket } from '../stored.ts';

export type Buckets = ReturnType<typeof createBuckets>;

/** A bucket's settings as stored (permissions already validated and `write`-expanded). */
export interface BucketFields {
  name: string;
  permissions: string[];
  fileSecurity: boolean;
  enabled: boolean;
  maximumFileSize: number;
  allowedFileExtensions: string[];
  compression: 'none' | 'gzip' | 'zstd';
  encryption: boolean;
  antivirus: boolean;
  transformations: boolean;
}

/**
 * The `buckets` collection (docs/storage.md#buckets). The id is the claim: a taken id fails the
 * insert (unique `_id`), never a read-then-write.
 */
export function createBuckets(models: Models) {
  const { Bucket } = models;

  return {
    byId: (id: string): Promise<StoredBucket | null> => Bucket.findById(id).lean(),

    /** Every bucket, for lists with queries (API keys only: a deliberate scan). */
    all: (): Listing<StoredBucket> => listing<StoredBucket>(Bucket, {}, 'buckets.list'),

    /** Creates a bucket with a new epoch, or null when the id is taken. */
    async create(input: BucketFields & { id: string }): Promise<StoredBucket | null> {
      const { id, ...fields } = input;
      const created = await unlessDuplicate(
        Bucket.create({ _id: id, ...fields, search: `${id} ${fields.name}`, epoch: newEpoch() }),
      );
      return created ? created.toObject() : null;
    },

    /**
     * Replaces the settings (Appwrite's PUT); `permissions` undefined keeps the stored ones. Null
     * when the bucket is gone.
     */
    replace: (
      id: string,
      fields: Omit<BucketFields, 'permissions'> & { permissions?: string[] | undefined },
    ): Promise<StoredBucket | null> => {
      const { permissions, ...rest } = fields;
      return Bucket.findOneAndUpdate(
        { _id: id },
        {
          $set: {
            ...rest,
            search: `${id} ${fields.name}`,
            ...(permissions !== undefined ? { permissions } : {}),
          },
        },
        { returnDocument: 'after' },
      ).lean();
    },

    /** Deletes a bucket; false when no bucket has that id. */
    async delete(id: string): Promise<boolean> {
      return (await Bucket.deleteOne({ _id: id })).deletedCount > 0;
    },
  };
}
