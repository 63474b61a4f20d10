import { z } from 'zod';
import { ZBucket, ZBucketList } from '../../dto/bucket.ts';
import { rest } from '../../openapi/meta.ts';
import {
  createBucket as create,
  deleteBucket as remove,
  getBucket as get,
  listBuckets as list,
  updateBucket as update,
} from '../../services/storage/buckets.ts';
import { scopedProcedure } from '../../trpc.ts';
import { listParams } from '../../validation/list-params.ts';
import { zCustomId, zUid } from '../../validation/params.ts';
import { bucketSettings } from './params.ts';

/** Appwrite's bucket CRUD: API keys with `buckets.read` / `buckets.write` only (docs/storage.md#buckets). */
export const createBucket = scopedProcedure('buckets.write')
  .meta(rest('POST', '/storage/buckets', 'Create bucket'))
  .input(z.object({ bucketId: zCustomId(), ...bucketSettings() }))
  .output(ZBucket)
  .mutation(({ ctx, input }) => create(ctx.deps, ctx.actor, input));

export const listBuckets = scopedProcedure('buckets.read')
  .meta(rest('GET', '/storage/buckets', 'List buckets'))
  .input(z.object(listParams()))
  .output(ZBucketList)
  .query(({ ctx, input }) => list(ctx.deps, input));

export const getBucket = scopedProcedure('buckets.read')
  .meta(rest('GET', '/storage/buckets/{bucketId}', 'Get bucket'))
  .input(z.object({ bucketId: zUid() }))
  .output(ZBucket)
  .query(({ ctx, input }) => get(ctx.deps, input.bucketId));

export const updateBucket = scopedProcedure('buckets.write')
  .meta(rest('PUT', '/storage/buckets/{bucketId}', 'Update bucket'))
  .input(z.object({ bucketId: zUid(), ...bucketSettings() }))
  .output(ZBucket)
  .mutation(({ ctx, input }) => update(ctx.deps, ctx.actor, input));

export const deleteBucket = scopedProcedure('buckets.write')
  .meta(rest('DELETE', '/storage/buckets/{bucketId}', 'Delete bucket'))
  .input(z.object({ bucketId: zUid() }))
  .output(z.void())
  .mutation(({ ctx, input }) => remove(ctx.deps, ctx.actor, input.bucketId));
