/**
 * The node-appwrite Storage methods of the bucket routes, driven by
 * storage-buckets-sdk.integration.test.ts (which checks it called each); the SDK coverage test of
 * appwrite-sdk.integration.test.ts counts them as covered there.
 */
export const STORAGE_BUCKET_SDK_METHODS = [
  'storage.createBucket',
  'storage.listBuckets',
  'storage.getBucket',
  'storage.updateBucket',
  'storage.deleteBucket',
];
