export { ObjectNotFoundError, type ByteRange, type ObjectStore, type StoredObject } from './object-store.ts';
export * from './pipeline/index.ts';
export * from './preview/index.ts';
