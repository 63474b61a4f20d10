import { type StoredBucket } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

/** Appwrite 1.9's Bucket model (docs/storage.md#buckets), field for field. */
export const ZBucket = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    $permissions: z.array(z.string()),
    fileSecurity: z.boolean(),
    name: z.string(),
    enabled: z.boolean(),
    maximumFileSize: z.number().int(),
    allowedFileExtensions: z.array(z.string()),
    compression: z.string(),
    encryption: z.boolean(),
    antivirus: z.boolean(),
    transformations: z.boolean(),
    totalSize: z.number().int().meta({ description: 'Always 0, as in Appwrite 1.9.' }),
  })
  .meta({ id: 'Bucket' });
export type BucketDto = z.infer<typeof ZBucket>;

export const ZBucketList = z
  .object({ total: z.number().int(), buckets: z.array(ZBucket) })
  .meta({ id: 'BucketList' });

export function toBucketDto(bucket: StoredBucket): BucketDto {
  return {
    $id: bucket._id,
    $createdAt: toIso(bucket.createdAt),
    $updatedAt: toIso(bucket.updatedAt),
    $permissions: [...bucket.permissions],
    fileSecurity: bucket.fileSecurity,
    name: bucket.name,
    enabled: bucket.enabled,
    maximumFileSize: bucket.maximumFileSize,
    allowedFileExtensions: [...bucket.allowedFileExtensions],
    compression: bucket.compression,
    encryption: bucket.encryption,
    antivirus: bucket.antivirus,
    transformations: bucket.transformations,
    totalSize: 0,
  };
}
