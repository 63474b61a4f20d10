import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createObjectStore } from './create-object-store.ts';
import { LocalDiskStore } from './local-store.ts';
import { S3Store } from './s3-store.ts';

describe('createObjectStore', () => {
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it('makes the local root at once, so a fresh install is healthy before its first upload', async () => {
    const base = await mkdtemp(join(tmpdir(), 'roster-create-store-'));
    folders.push(base);
    const root = join(base, 'nested/storage');
    const store = await createObjectStore({ kind: 'local', root });
    expect(store).toBeInstanceOf(LocalDiskStore);
    expect((await stat(root)).isDirectory()).toBe(true);
    await expect(store.check()).resolves.toBeUndefined();
  });

  it('makes an S3 store on the bucket and prefix given, the prefix as a folder', async () => {
    const store = await createObjectStore({
      kind: 's3',
      region: 'auto',
      bucket: 'roster-files',
      prefix: 'production',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
    });
    expect(store).toBeInstanceOf(S3Store);
    expect((store as S3Store).bucket).toBe('roster-files');
    expect((store as S3Store).prefix).toBe('production/');
    await store.close();
  });
});
