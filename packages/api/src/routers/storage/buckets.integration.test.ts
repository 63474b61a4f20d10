import { describe, expect, it } from 'vitest';
import { bucketForFiles } from '../../services/storage/buckets.ts';
import { GUEST_ROLES } from '../../services/storage/roles.ts';
import { AppError } from '../../errors.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness({ config: { storageLimit: 50_000_000 } });

const equal = (attribute: string, values: unknown[]) =>
  JSON.stringify({ method: 'equal', attribute, values });
const orderDesc = (attribute: string) => JSON.stringify({ method: 'orderDesc', attribute });
const cursorAfter = (id: string) => JSON.stringify({ method: 'cursorAfter', values: [id] });

async function writer() {
  return api.caller(await api.keyHeaders(['buckets.read', 'buckets.write'])).call;
}

const DEFAULTS = {
  $permissions: [],
  fileSecurity: false,
  enabled: true,
  maximumFileSize: 50_000_000,
  allowedFileExtensions: [],
  compression: 'none',
  encryption: true,
  antivirus: true,
  transformations: true,
  totalSize: 0,
};

describe('buckets (API keys with buckets.read / buckets.write)', () => {
  it("creates a bucket with Appwrite's defaults and every parameter", async () => {
    const call = await writer();
    const plain = await call.storage.createBucket({ bucketId: 'unique()', name: 'Plain' });
    expect(plain).toMatchObject({ name: 'Plain', ...DEFAULTS });
    expect(plain.$id).toMatch(/^[0-9a-f]{20}$/);

    const full = await call.storage.createBucket({
      bucketId: 'photos',
      name: 'Photos',
      permissions: ['read("any")', 'write("users")', 'create("users")'],
      fileSecurity: true,
      enabled: false,
      maximumFileSize: 1234,
      allowedFileExtensions: ['jpg', 'png'],
      compression: 'zstd',
      encryption: false,
      antivirus: false,
      transformations: false,
    });
    expect(full).toMatchObject({
      $id: 'photos',
      name: 'Photos',
      // write expanded to create+update+delete, the duplicate create dropped.
      $permissions: ['read("any")', 'create("users")', 'update("users")', 'delete("users")'],
      fileSecurity: true,
      enabled: false,
      maximumFileSize: 1234,
      allowedFileExtensions: ['jpg', 'png'],
      compression: 'zstd',
      encryption: false,
      antivirus: false,
      transformations: false,
      totalSize: 0,
    });
    expect(await call.storage.getBucket({ bucketId: 'photos' })).toEqual(full);
    expect(await appErrorOf(call.storage.createBucket({ bucketId: 'photos', name: 'Again' }))).toMatchObject({
      type: 'storage_bucket_already_exists',
      status: 409,
    });
  });

  it('PUT resets every omitted setting, keeps omitted permissions and clears them with []', async () => {
    const call = await writer();
    const created = await call.storage.createBucket({
      bucketId: 'unique()',
      name: 'Docs',
      permissions: ['read("users")'],
      fileSecurity: true,
      enabled: false,
      maximumFileSize: 10,
      allowedFileExtensions: ['pdf'],
      compression: 'gzip',
      encryption: false,
      antivirus: false,
      transformations: false,
    });
    const updated = await call.storage.updateBucket({ bucketId: created.$id, name: 'Docs 2' });
    expect(updated).toMatchObject({ name: 'Docs 2', ...DEFAULTS, $permissions: ['read("users")'] });
    const nulled = await call.storage.updateBucket({
      bucketId: created.$id,
      name: 'Docs 3',
      permissions: null,
    });
    expect(nulled.$permissions).toEqual(['read("users")']);
    const cleared = await call.storage.updateBucket({
      bucketId: created.$id,
      name: 'Docs 4',
      permissions: [],
    });
    expect(cleared.$permissions).toEqual([]);
    const expanded = await call.storage.updateBucket({
      bucketId: created.$id,
      name: 'Docs 5',
      permissions: ['write("any")'],
      compression: 'zstd',
    });
    expect(expanded).toMatchObject({
      $permissions: ['create("any")', 'update("any")', 'delete("any")'],
      compression: 'zstd',
    });
    expect(
      await appErrorOf(call.storage.updateBucket({ bucketId: 'missing-bucket', name: 'x' })),
    ).toMatchObject({ type: 'storage_bucket_not_found', status: 404 });
  });

  it('refuses bad parameters with 400 general_argument_invalid and stores nothing', async () => {
    const call = await writer();
    const cases: [Record<string, unknown>, string][] = [
      [
        { name: '' },
        'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
      ],
      [
        { maximumFileSize: 50_000_001 },
        'Invalid `maximumFileSize` param: Value must be a valid range between 1 and 50,000,000',
      ],
      [
        { maximumFileSize: 0 },
        'Invalid `maximumFileSize` param: Value must be a valid range between 1 and 50,000,000',
      ],
      [{ compression: 'GZIP' }, 'Invalid `compression` param: Value must be one of (none, gzip, zstd)'],
      [
        { permissions: ['read("role:all")'] },
        'Invalid `permissions` param: Permissions using the "role:" prefix have been replaced. Use "users", "guests", or "any" instead.',
      ],
      [
        { permissions: 'read("any")' },
        'Invalid `permissions` param: Permissions must be an array of strings.',
      ],
      [
        { allowedFileExtensions: ['x'.repeat(65)] },
        'Invalid `allowedFileExtensions` param: Value must a valid array no longer than 100 items and Value must be a valid string and at least 1 chars and no longer than 64 chars',
      ],
    ];
    for (const [input, message] of cases) {
      const error = await appErrorOf(
        call.storage.createBucket({ bucketId: 'refused', name: 'Refused', ...input }),
      );
      expect(error, JSON.stringify(input)).toEqual({
        type: 'general_argument_invalid',
        status: 400,
        message,
      });
    }
    expect(await api.store.find('buckets', { _id: 'refused' })).toEqual([]);
  });

  it('lists with queries, search, cursors and total=false', async () => {
    const call = await writer();
    const tag = `l${Date.now().toString(36)}`;
    const made = [];
    for (const [index, name] of ['Alpha', 'Beta', 'Gamma'].entries()) {
      made.push(
        await call.storage.createBucket({
          bucketId: `${tag}-${index}`,
          name: `${name} ${tag}`,
          enabled: index !== 1,
          maximumFileSize: 100 + index,
        }),
      );
    }
    const mine = (ids: { $id: string }[]) =>
      ids.map((bucket) => bucket.$id).filter((id) => id.startsWith(tag));

    const searched = await call.storage.listBuckets({ search: tag });
    expect(searched.total).toBe(3);
    expect(mine(searched.buckets)).toEqual(made.map((bucket) => bucket.$id));
    expect(mine((await call.storage.listBuckets({ search: `beta ${tag}` })).buckets)).toEqual(
      made.map((bucket) => bucket.$id),
    );
    const disabled = await call.storage.listBuckets({ search: tag, queries: [equal('enabled', [false])] });
    expect(mine(disabled.buckets)).toEqual([`${tag}-1`]);
    const ordered = await call.storage.listBuckets({ search: tag, queries: [orderDesc('maximumFileSize')] });
    expect(mine(ordered.buckets)).toEqual([`${tag}-2`, `${tag}-1`, `${tag}-0`]);
    const after = await call.storage.listBuckets({ search: tag, queries: [cursorAfter(`${tag}-0`)] });
    expect(mine(after.buckets)).toEqual([`${tag}-1`, `${tag}-2`]);
    const uncounted = await call.storage.listBuckets({ search: tag, total: false });
    expect(uncounted.total).toBe(0);
    expect(uncounted.buckets).toHaveLength(3);

    expect(await appErrorOf(call.storage.listBuckets({ queries: [cursorAfter('nope')] }))).toMatchObject({
      type: 'general_cursor_not_found',
      message: "Bucket 'nope' for the 'cursor' value not found.",
    });
    // compression is not a queryable attribute of Appwrite's Buckets validator.
    const unknown = await appErrorOf(call.storage.listBuckets({ queries: [equal('compression', ['none'])] }));
    expect(unknown).toMatchObject({ type: 'general_argument_invalid', status: 400 });
    expect(unknown.message).toContain('compression');
  });

  it('deletes a bucket: 204, then 404 for get, update and delete', async () => {
    const call = await writer();
    const bucket = await call.storage.createBucket({ bucketId: 'unique()', name: 'Gone' });
    await call.storage.deleteBucket({ bucketId: bucket.$id });
    for (const attempt of [
      () => call.storage.getBucket({ bucketId: bucket.$id }),
      () => call.storage.deleteBucket({ bucketId: bucket.$id }),
    ]) {
      expect(await appErrorOf(attempt())).toMatchObject({ type: 'storage_bucket_not_found', status: 404 });
    }
    // The id is free again.
    expect((await call.storage.createBucket({ bucketId: bucket.$id, name: 'Back' })).name).toBe('Back');
  });

  it('records buckets.[bucketId].create, update and delete with the bucket as payload', async () => {
    const call = await writer();
    const bucket = await call.storage.createBucket({ bucketId: 'unique()', name: 'Evented' });
    const updated = await call.storage.updateBucket({ bucketId: bucket.$id, name: 'Evented 2' });
    await call.storage.deleteBucket({ bucketId: bucket.$id });
    const events = await api.store.find('events', { resource: `bucket/${bucket.$id}` });
    const ready = events
      .filter((event) => event.state !== 'discarded')
      .sort((a, b) => Number(a.sequence) - Number(b.sequence));
    expect(ready.map((event) => event.template)).toEqual([
      'buckets.[bucketId].create',
      'buckets.[bucketId].update',
      'buckets.[bucketId].delete',
    ]);
    expect(ready[0]?.names).toContain(`buckets.${bucket.$id}.create`);
    const payload = (event: (typeof ready)[number] | undefined) =>
      JSON.parse(String(event?.payload)) as Record<string, unknown>;
    expect(payload(ready[1])).toEqual(updated);
    expect(payload(ready[2]).name).toBe('Evented 2');
  });

  it('hides a disabled bucket from the files service for every caller but a key', async () => {
    const call = await writer();
    const bucket = await call.storage.createBucket({ bucketId: 'unique()', name: 'Off', enabled: false });
    const ctx = { repos: api.repos };
    expect((await bucketForFiles(ctx, bucket.$id, { kind: 'all' }))._id).toBe(bucket.$id);
    for (const roles of [GUEST_ROLES, { kind: 'roles' as const, roles: ['any', 'users'] }]) {
      await expect(bucketForFiles(ctx, bucket.$id, roles)).rejects.toMatchObject({
        type: 'storage_bucket_not_found',
      });
    }
    await call.storage.updateBucket({ bucketId: bucket.$id, name: 'On' });
    expect((await bucketForFiles(ctx, bucket.$id, GUEST_ROLES)).name).toBe('On');
    await expect(bucketForFiles(ctx, 'no-such-bucket', { kind: 'all' })).rejects.toBeInstanceOf(AppError);
  });

  it('is refused to sessions, guests and keys without the scope', async () => {
    const ada = await api.signUp();
    const readOnly = await api.keyHeaders(['buckets.read']);
    const teamsKey = await api.keyHeaders(['teams.read', 'teams.write']);
    for (const headers of [ada.headers, {}, teamsKey]) {
      const call = api.caller(headers).call;
      for (const attempt of [
        () => call.storage.listBuckets({}),
        () => call.storage.getBucket({ bucketId: 'photos' }),
        () => call.storage.createBucket({ bucketId: 'unique()', name: 'No' }),
        () => call.storage.updateBucket({ bucketId: 'photos', name: 'No' }),
        () => call.storage.deleteBucket({ bucketId: 'photos' }),
      ]) {
        expect((await appErrorOf(attempt())).type).toBe('general_unauthorized_scope');
      }
    }
    const reader = api.caller(readOnly).call;
    expect((await appErrorOf(reader.storage.createBucket({ bucketId: 'unique()', name: 'No' }))).type).toBe(
      'general_unauthorized_scope',
    );
    await reader.storage.listBuckets({});
  });
});
