export { ObjectNotFoundError, type ByteRange, type ObjectStore, type StoredObject } from './object-store.ts';
export * from './pipeline/index.ts';
export * from './preview/index.ts';
export { createObjectStore, type StorageConfig } from './stores/create-object-store.ts';
export { LocalDiskStore } from './stores/local-store.ts';
export { S3Store, type S3StoreOptions } from './stores/s3-store.ts';
export { InvalidObjectKeyError, assertObjectKey } from './stores/object-key.ts';
export { RangeNotSatisfiableError } from './stores/byte-range.ts';
