import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPortOpen } from './mail-catcher.ts';
import { startSeaweedFs, type SeaweedFsHandle } from './seaweedfs.ts';

describe('SeaweedFS for tests', () => {
  let dataDir: string;
  let seaweed: SeaweedFsHandle;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-seaweedfs-'));
    const started = Date.now();
    // The first run builds `weed` (about 8 minutes on two cores).
    seaweed = await startSeaweedFs({ dataDir });
    console.info(`SeaweedFS answered S3 requests ${Date.now() - started} ms after start`);
  }, 900_000);

  afterAll(async () => {
    await seaweed?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves S3 on loopback and accepts requests signed with its access key', async () => {
    const url = new URL(seaweed.endpoint);
    expect(url.hostname).toBe('127.0.0.1');
    await seaweed.createBucket('signed');
    const client = new S3Client({
      endpoint: seaweed.endpoint,
      region: seaweed.region,
      credentials: seaweed.credentials,
      forcePathStyle: true,
    });
    try {
      await client.send(new PutObjectCommand({ Bucket: 'signed', Key: 'hello.txt', Body: 'hello' }));
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'signed' }));
      expect(listed.Contents?.map((object) => object.Key)).toEqual(['hello.txt']);
    } finally {
      client.destroy();
    }
  });

  it('refuses anonymous requests and requests signed with another secret', async () => {
    const anonymous = await fetch(`${seaweed.endpoint}/anonymous-bucket`, { method: 'PUT' });
    expect(anonymous.status).toBe(403);
    const impostor = new S3Client({
      endpoint: seaweed.endpoint,
      region: seaweed.region,
      credentials: { accessKeyId: seaweed.credentials.accessKeyId, secretAccessKey: 'guessed-secret' },
      forcePathStyle: true,
    });
    try {
      await expect(impostor.send(new CreateBucketCommand({ Bucket: 'impostor' }))).rejects.toThrow();
    } finally {
      impostor.destroy();
    }
  });

  it('stops cleanly: no process and no open port left', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'roster-seaweedfs-'));
    const other = await startSeaweedFs({ dataDir: otherDir });
    const port = Number(new URL(other.endpoint).port);
    expect(await isPortOpen(port)).toBe(true);
    await other.stop();
    expect(await isPortOpen(port)).toBe(false);
    expect(() => process.kill(other.pid!, 0)).toThrow();
    const sockets = (await readdir('/tmp')).filter(
      (name) => name.startsWith('seaweedfs-') && name.includes(`-${port}.sock`),
    );
    expect(sockets).toEqual([]);
    await rm(otherDir, { recursive: true, force: true });
  }, 120_000);
});
