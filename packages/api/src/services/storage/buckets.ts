import { resolveId, type BucketFields, type Repositories, type StoredBucket } from '@roster/db';
import { type ApiConfig } from '../../deps.ts';
import { toBucketDto, type BucketDto } from '../../dto/bucket.ts';
import { AppError } from '../../errors.ts';
import { byId, recordEvent, type EventSource } from '../../events/record.ts';
import {
  allOf,
  compileFilters,
  listSchema,
  parseQueries,
  searchFilter,
  sortKeys,
} from '../../queries/index.ts';
import { fetchPage, loadCursor, pageRequest, type ListInput } from '../list-page.ts';
import { normalizePermissions } from './permissions.ts';
import { type HeldRoles } from './roles.ts';

/** What bucket services need: the repositories and the storage limit. */
export interface BucketContext {
  repos: Pick<Repositories, 'buckets' | 'events'>;
  config: Pick<ApiConfig, 'storageLimit'>;
}

/** Appwrite's `_APP_STORAGE_LIMIT` default (stock `.env`): 30 MB, decimal. */
export const DEFAULT_STORAGE_LIMIT = 30_000_000;

/** What `storage.listBuckets` queries may use (Appwrite's Buckets validator). */
const BUCKET_QUERIES = listSchema({
  enabled: { type: 'boolean', field: 'enabled' },
  name: { type: 'string', field: 'name' },
  fileSecurity: { type: 'boolean', field: 'fileSecurity' },
  maximumFileSize: { type: 'integer', field: 'maximumFileSize' },
  encryption: { type: 'boolean', field: 'encryption' },
  antivirus: { type: 'boolean', field: 'antivirus' },
  transformations: { type: 'boolean', field: 'transformations' },
});

/** The settings create and update take; omitted ones are Appwrite's defaults. */
export interface BucketSettingsInput {
  name: string;
  /** Valid permission strings (checked at the edge); omitted or null on PUT keeps the stored ones. */
  permissions?: string[] | null | undefined;
  fileSecurity?: boolean | undefined;
  enabled?: boolean | undefined;
  maximumFileSize?: number | undefined;
  allowedFileExtensions?: string[] | undefined;
  compression?: 'none' | 'gzip' | 'zstd' | undefined;
  encryption?: boolean | undefined;
  antivirus?: boolean | undefined;
  transformations?: boolean | undefined;
}

const limitOf = (ctx: BucketContext) => ctx.config.storageLimit ?? DEFAULT_STORAGE_LIMIT;

/**
 * Every setting but the permissions, with Appwrite's defaults for the omitted ones: create and PUT
 * alike (PUT is a full replace). `maximumFileSize` above the storage limit is 400, with Appwrite's
 * Range message.
 */
function settingsOf(ctx: BucketContext, input: BucketSettingsInput): Omit<BucketFields, 'permissions'> {
  const limit = limitOf(ctx);
  const maximumFileSize = input.maximumFileSize ?? limit;
  if (maximumFileSize < 1 || maximumFileSize > limit) {
    throw new AppError(
      'general_argument_invalid',
      `Invalid \`maximumFileSize\` param: Value must be a valid range between 1 and ${limit.toLocaleString('en-US')}`,
    );
  }
  return {
    name: input.name,
    fileSecurity: input.fileSecurity ?? false,
    enabled: input.enabled ?? true,
    maximumFileSize,
    allowedFileExtensions: input.allowedFileExtensions ?? [],
    compression: input.compression ?? 'none',
    encryption: input.encryption ?? true,
    antivirus: input.antivirus ?? true,
    transformations: input.transformations ?? true,
  };
}

/** A bucket by id, for any caller that may use it (the files service), or 404 `storage_bucket_not_found`. */
export async function findBucket(ctx: Pick<BucketContext, 'repos'>, bucketId: string): Promise<StoredBucket> {
  const bucket = await ctx.repos.buckets.byId(bucketId);
  if (!bucket) throw new AppError('storage_bucket_not_found');
  return bucket;
}

/**
 * The bucket a file route works in (Appwrite's first step of every file endpoint): 404
 * `storage_bucket_not_found` when it is missing, and also when it is disabled and the caller is not
 * an API key (`roles` of `all`), so a disabled bucket looks absent to clients.
 */
export async function bucketForFiles(
  ctx: Pick<BucketContext, 'repos'>,
  bucketId: string,
  roles: HeldRoles,
): Promise<StoredBucket> {
  const bucket = await findBucket(ctx, bucketId);
  if (!bucket.enabled && roles.kind !== 'all') throw new AppError('storage_bucket_not_found');
  return bucket;
}

/** POST /v1/storage/buckets: 409 `storage_bucket_already_exists` when the id is taken. */
export async function createBucket(
  ctx: BucketContext,
  by: EventSource,
  input: BucketSettingsInput & { bucketId: string },
): Promise<BucketDto> {
  const bucketId = resolveId(input.bucketId);
  const fields = {
    ...settingsOf(ctx, input),
    permissions: normalizePermissions(input.permissions ?? [], 'bucket'),
  };
  const created = await recordEvent(
    ctx.repos,
    by,
    {
      template: 'buckets.[bucketId].create',
      params: { bucketId },
      target: byId('buckets', bucketId),
      newResource: bucketId !== input.bucketId,
    },
    async () => {
      const bucket = await ctx.repos.buckets.create({ id: bucketId, ...fields });
      return bucket ? toBucketDto(bucket) : null;
    },
    (dto) => (dto ? { payload: dto } : null),
  );
  if (!created) throw new AppError('storage_bucket_already_exists');
  return created;
}

export async function getBucket(ctx: Pick<BucketContext, 'repos'>, bucketId: string): Promise<BucketDto> {
  return toBucketDto(await findBucket(ctx, bucketId));
}

/** GET /v1/storage/buckets with Appwrite's queries, `search` on `"<id> <name>"` and `total`. */
export async function listBuckets(
  ctx: Pick<BucketContext, 'repos'>,
  input: ListInput,
): Promise<{ total: number; buckets: BucketDto[] }> {
  const parsed = parseQueries(input.queries ?? [], BUCKET_QUERIES);
  const all = ctx.repos.buckets.all();
  const filter = allOf(input.search ? searchFilter(input.search) : {}, compileFilters(parsed.filters));
  const cursor = await loadCursor(parsed.cursor, 'Bucket', all);
  const keys = sortKeys(parsed.orders, BUCKET_QUERIES);
  const page = await fetchPage(all, pageRequest(parsed, input, {}, { filter, keys, cursor }));
  return { total: page.total, buckets: page.items.map(toBucketDto) };
}

/**
 * PUT /v1/storage/buckets/{bucketId}: a full replace, as Appwrite's. Every omitted setting goes
 * back to its default; omitted (or null) `permissions` keep the stored ones, `[]` clears them.
 */
export async function updateBucket(
  ctx: BucketContext,
  by: EventSource,
  input: BucketSettingsInput & { bucketId: string },
): Promise<BucketDto> {
  const fields = settingsOf(ctx, input);
  const permissions =
    input.permissions == null ? undefined : normalizePermissions(input.permissions, 'bucket');
  const updated = await recordEvent(
    ctx.repos,
    by,
    {
      template: 'buckets.[bucketId].update',
      params: { bucketId: input.bucketId },
      target: byId('buckets', input.bucketId),
    },
    async () => {
      const bucket = await ctx.repos.buckets.replace(input.bucketId, { ...fields, permissions });
      return bucket ? toBucketDto(bucket) : null;
    },
    (dto) => (dto ? { payload: dto } : null),
  );
  if (!updated) throw new AppError('storage_bucket_not_found');
  return updated;
}

/**
 * DELETE /v1/storage/buckets/{bucketId}: deletes the bucket document (its files go with it once
 * files exist, docs/storage.md#buckets). The event carries the bucket as it was.
 */
export async function deleteBucket(ctx: BucketContext, by: EventSource, bucketId: string): Promise<void> {
  const payload = toBucketDto(await findBucket(ctx, bucketId));
  const deleted = await recordEvent(
    ctx.repos,
    by,
    {
      template: 'buckets.[bucketId].delete',
      params: { bucketId },
      target: byId('buckets', bucketId, 'delete'),
      payload,
    },
    () => ctx.repos.buckets.delete(bucketId),
    (found) => (found ? { payload } : null),
  );
  if (!deleted) throw new AppError('storage_bucket_not_found');
}
