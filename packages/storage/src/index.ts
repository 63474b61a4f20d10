export { ObjectNotFoundError, type ByteRange, type ObjectStore, type StoredObject } from './object-store.ts';
export * from './preview/index.ts';
