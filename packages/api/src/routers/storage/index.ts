import { router } from '../../trpc.ts';
import { createBucket, deleteBucket, getBucket, listBuckets, updateBucket } from './buckets.ts';

/** The Storage service (docs/storage.md): buckets now; files come on top of them. */
export const storageRouter = router({
  createBucket,
  listBuckets,
  getBucket,
  updateBucket,
  deleteBucket,
});
