import { randomBytes } from 'node:crypto';
import {
  AppwriteException,
  Client,
  Compression,
  ID,
  Permission,
  Query,
  Role,
  Storage,
  Users,
} from 'node-appwrite';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/http-server.ts';
import { STORAGE_BUCKET_SDK_METHODS } from './storage-buckets-sdk-methods.ts';

/**
 * node-appwrite's (the catalog's version) Storage bucket methods, unchanged, against the REST API
 * of a real server (docs/storage.md#buckets).
 */
const PROJECT = 'sdk-storage';
const API_KEY = 'sdk-storage-bootstrap-key-0123456789abcdef';
const server = useTestServer({
  ROSTER_API_KEY: API_KEY,
  ROSTER_PROJECT_ID: PROJECT,
  ROSTER_STORAGE_LIMIT: '40000000',
});

const calledMethods = new Set<string>();
const prototype = Storage.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const method of Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor')) {
  const original = prototype[method]!;
  prototype[method] = function (this: unknown, ...args: unknown[]) {
    calledMethods.add(`storage.${method}`);
    return original.apply(this, args);
  };
}

const client = () => new Client().setEndpoint(`${server.url}/v1`).setProject(PROJECT);
const storage = () => new Storage(client().setKey(API_KEY));

async function sdkError(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppwriteException);
  const { type, code, message } = error as AppwriteException;
  return { type, code, message };
}

describe('node-appwrite Storage buckets', () => {
  it('creates with every parameter, lists, gets, updates (PUT resets) and deletes', async () => {
    const tag = `sdk${randomBytes(4).toString('hex')}`;
    const created = await storage().createBucket({
      bucketId: `${tag}-photos`,
      name: `Photos ${tag}`,
      permissions: [Permission.read(Role.any()), Permission.write(Role.users('verified'))],
      fileSecurity: true,
      enabled: false,
      maximumFileSize: 5_000_000,
      allowedFileExtensions: ['jpg', 'png'],
      compression: Compression.Gzip,
      encryption: false,
      antivirus: false,
      transformations: false,
    });
    expect(created).toMatchObject({
      $id: `${tag}-photos`,
      name: `Photos ${tag}`,
      $permissions: [
        'read("any")',
        'create("users/verified")',
        'update("users/verified")',
        'delete("users/verified")',
      ],
      fileSecurity: true,
      enabled: false,
      maximumFileSize: 5_000_000,
      allowedFileExtensions: ['jpg', 'png'],
      compression: 'gzip',
      encryption: false,
      antivirus: false,
      transformations: false,
      totalSize: 0,
    });
    // Appwrite's dates: ISO 8601 with milliseconds and +00:00.
    expect(created.$createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    const other = await storage().createBucket({ bucketId: ID.unique(), name: `Docs ${tag}` });
    expect(other).toMatchObject({
      $permissions: [],
      fileSecurity: false,
      enabled: true,
      maximumFileSize: 40_000_000,
      allowedFileExtensions: [],
      compression: 'none',
      encryption: true,
      antivirus: true,
      transformations: true,
    });

    const listed = await storage().listBuckets({ search: tag });
    expect(listed.total).toBe(2);
    expect(listed.buckets.map((bucket) => bucket.$id)).toEqual([created.$id, other.$id]);
    const filtered = await storage().listBuckets({
      queries: [Query.equal('enabled', false)],
      search: tag,
    });
    expect(filtered.buckets.map((bucket) => bucket.$id)).toEqual([created.$id]);
    const page = await storage().listBuckets({
      queries: [Query.orderDesc('maximumFileSize'), Query.limit(1)],
      search: tag,
      total: false,
    });
    expect(page).toMatchObject({ total: 0, buckets: [{ $id: other.$id }] });
    const after = await storage().listBuckets({ queries: [Query.cursorAfter(created.$id)], search: tag });
    expect(after.buckets.map((bucket) => bucket.$id)).toEqual([other.$id]);

    expect(await storage().getBucket({ bucketId: created.$id })).toEqual(created);

    // The SDK leaves out what it is not given: PUT resets those settings and keeps the permissions.
    const updated = await storage().updateBucket({
      bucketId: created.$id,
      name: 'Renamed',
      transformations: false,
    });
    expect(updated).toMatchObject({
      name: 'Renamed',
      $permissions: created.$permissions,
      fileSecurity: false,
      enabled: true,
      maximumFileSize: 40_000_000,
      allowedFileExtensions: [],
      compression: 'none',
      encryption: true,
      antivirus: true,
      transformations: false,
    });
    const cleared = await storage().updateBucket({ bucketId: created.$id, name: 'Renamed', permissions: [] });
    expect(cleared.$permissions).toEqual([]);

    expect(await storage().deleteBucket({ bucketId: created.$id })).toEqual({ message: '' });
    expect(await sdkError(storage().getBucket({ bucketId: created.$id }))).toMatchObject({
      type: 'storage_bucket_not_found',
      code: 404,
    });
    await storage().deleteBucket({ bucketId: other.$id });
  });

  it('answers 409 for a taken id, 404 for an unknown one, 400 for a size over the limit', async () => {
    const id = `taken-${randomBytes(4).toString('hex')}`;
    await storage().createBucket({ bucketId: id, name: 'Taken' });
    expect(await sdkError(storage().createBucket({ bucketId: id, name: 'Again' }))).toMatchObject({
      type: 'storage_bucket_already_exists',
      code: 409,
    });
    expect(await sdkError(storage().updateBucket({ bucketId: 'no-such-bucket', name: 'x' }))).toMatchObject({
      type: 'storage_bucket_not_found',
      code: 404,
    });
    expect(await sdkError(storage().deleteBucket({ bucketId: 'no-such-bucket' }))).toMatchObject({
      type: 'storage_bucket_not_found',
      code: 404,
    });
    expect(
      await sdkError(
        storage().createBucket({ bucketId: ID.unique(), name: 'Big', maximumFileSize: 40_000_001 }),
      ),
    ).toEqual({
      type: 'general_argument_invalid',
      code: 400,
      message: 'Invalid `maximumFileSize` param: Value must be a valid range between 1 and 40,000,000',
    });
  });

  it('refuses a session client with 401 general_unauthorized_scope', async () => {
    const admin = new Users(client().setKey(API_KEY));
    const user = await admin.create({
      userId: ID.unique(),
      email: `${randomBytes(6).toString('hex')}@example.com`,
      password: 'a good password',
    });
    const session = await admin.createSession({ userId: user.$id });
    const asUser = new Storage(client().setSession(session.secret));
    for (const [scope, call] of [
      ['buckets.read', () => asUser.listBuckets()],
      ['buckets.write', () => asUser.createBucket({ bucketId: ID.unique(), name: 'Mine' })],
      ['buckets.read', () => asUser.getBucket({ bucketId: 'any-bucket' })],
      ['buckets.write', () => asUser.deleteBucket({ bucketId: 'any-bucket' })],
    ] as const) {
      expect(await sdkError(call())).toEqual({
        type: 'general_unauthorized_scope',
        code: 401,
        message: `${user.email} (role: users) missing scopes (${JSON.stringify([scope])})`,
      });
    }
  });

  it('calls every bucket method', () => {
    expect(STORAGE_BUCKET_SDK_METHODS.filter((method) => !calledMethods.has(method))).toEqual([]);
  });
});
