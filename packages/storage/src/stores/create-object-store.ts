import { mkdir } from 'node:fs/promises';
import { type ObjectStore } from '../object-store.ts';
import { LocalDiskStore } from './local-store.ts';
import { S3Store, type S3StoreOptions } from './s3-store.ts';

/** Which store to use, as the server's configuration gives it (docs/storage.md#backends). */
export type StorageConfig = { kind: 'local'; root: string } | ({ kind: 's3' } & S3StoreOptions);

/**
 * The store the configuration names. The local root is created now, so that a fresh install's
 * health check passes before the first upload.
 */
export async function createObjectStore(config: StorageConfig): Promise<ObjectStore> {
  if (config.kind === 'local') {
    await mkdir(config.root, { recursive: true });
    return new LocalDiskStore(config.root);
  }
  const { kind: _kind, ...options } = config;
  return new S3Store(options);
}
