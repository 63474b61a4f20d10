import {
  ListMultipartUploadsCommand,
  PutObjectCommand,
  GetObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { startSeaweedFs, type SeaweedFsHandle } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError } from '../object-store.ts';
import { bodyOf, failingBody, objectStoreContract } from './object-store-contract.ts';
import { S3Store } from './s3-store.ts';

const BUCKET = 'roster-tests';
let seaweed: SeaweedFsHandle;
let dataDir: string;
const stores: S3Store[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'roster-s3-store-'));
  // The first run builds SeaweedFS (about 8 minutes on two cores); later runs start in seconds.
  seaweed = await startSeaweedFs({ dataDir });
  await seaweed.createBucket(BUCKET);
}, 900_000);

afterAll(async () => {
  for (const store of stores) await store.close();
  await seaweed?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function storeWith(
  prefix: string,
  overrides: Partial<ConstructorParameters<typeof S3Store>[0]> = {},
): S3Store {
  const store = new S3Store({
    endpoint: seaweed.endpoint,
    region: seaweed.region,
    bucket: BUCKET,
    prefix,
    credentials: seaweed.credentials,
    forcePathStyle: true,
    ...overrides,
  });
  stores.push(store);
  return store;
}

function rawClient(): S3Client {
  return new S3Client({
    endpoint: seaweed.endpoint,
    region: seaweed.region,
    credentials: seaweed.credentials,
    forcePathStyle: true,
  });
}

objectStoreContract('S3Store', () => Promise.resolve(storeWith('contract/')));

describe('S3Store on SeaweedFS', () => {
  it('keeps objects under its prefix, apart from other prefixes of the bucket', async () => {
    const tenantA = storeWith('tenant-a');
    const tenantB = storeWith('tenant-b/');
    await tenantA.put('files/b/f', bodyOf('a bytes'));
    await tenantB.put('files/b/f', bodyOf('b bytes'));

    const client = rawClient();
    try {
      const raw = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tenant-a/files/b/f' }));
      expect((await buffer(raw.Body as NodeJS.ReadableStream)).toString()).toBe('a bytes');
      // Written around the store: the store lists it without its prefix.
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tenant-a/files/b/g', Body: 'raw' }));
    } finally {
      client.destroy();
    }
    const listed = [];
    for await (const object of tenantA.list('files/')) listed.push(object.key);
    expect(listed.sort()).toEqual(['files/b/f', 'files/b/g']);

    await tenantA.deletePrefix('');
    expect(await tenantA.stat('files/b/f')).toBeUndefined();
    expect((await buffer(await tenantB.get('files/b/f'))).toString()).toBe('b bytes');
  });

  it('leaves no multipart upload behind when the body fails after parts were sent', async () => {
    const store = storeWith('aborts/');
    await expect(store.put('big/failing', failingBody(16 * 1024 * 1024))).rejects.toThrow('client went away');
    const client = rawClient();
    try {
      const uploads = await client.send(
        new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'aborts/' }),
      );
      expect(uploads.Uploads ?? []).toEqual([]);
    } finally {
      client.destroy();
    }
    expect(await store.stat('big/failing')).toBeUndefined();
  });

  it('deletes more objects than one DeleteObjects request takes, across listing pages', async () => {
    const store = storeWith('many/');
    const keys = Array.from({ length: 1005 }, (_, index) => `files/b/${String(index).padStart(4, '0')}`);
    for (let start = 0; start < keys.length; start += 32) {
      await Promise.all(keys.slice(start, start + 32).map((key) => store.put(key, bodyOf('x'))));
    }
    await store.put('other/kept', bodyOf('kept'));
    let count = 0;
    for await (const _object of store.list('files/')) count += 1;
    expect(count).toBe(1005);

    await store.deletePrefix('files/');
    count = 0;
    for await (const _object of store.list('files/')) count += 1;
    expect(count).toBe(0);
    expect(await store.stat('other/kept')).toEqual({ size: 4 });
  }, 300_000);

  it('fails its health check on wrong credentials and on a missing bucket; a missing bucket is no missing object', async () => {
    const wrongSecret = storeWith('', {
      credentials: { accessKeyId: seaweed.credentials.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    await expect(wrongSecret.check()).rejects.toThrow();
    await expect(wrongSecret.put('files/x', bodyOf('x'))).rejects.toThrow();

    const noBucket = storeWith('', { bucket: 'no-such-bucket' });
    await expect(noBucket.check()).rejects.toThrow();
    const read = noBucket.get('files/x');
    await expect(read).rejects.toThrow();
    await expect(read).rejects.not.toBeInstanceOf(ObjectNotFoundError);
  });
});
