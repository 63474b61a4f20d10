import type { Readable } from 'node:stream';

/**
 * Where a stored file's bytes live: a folder on local disk (the embedded default) or a bucket of
 * an S3-compatible service. Keys are relative, `/`-separated paths chosen by Roster
 * (`files/<bucketId>/<fileId>`, `uploads/<bucketId>/<fileId>/<chunk>`); the store never
 * interprets them. What a file's bytes mean (compressed, encrypted) is the pipeline's business,
 * not the store's: a store moves opaque bytes, as streams, never whole files in memory.
 */
export interface ObjectStore {
  readonly kind: 'local' | 's3';
  /**
   * Writes `body` under `key`, replacing what was there. Resolves once the bytes are durable.
   * If `body` errors or is destroyed, nothing is left at `key` (the old object, if any, stays).
   */
  put(key: string, body: Readable): Promise<{ size: number }>;
  /**
   * The object's bytes, whole or the inclusive byte range `start..end`.
   * Rejects with `ObjectNotFoundError` when there is no object at `key`.
   */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** The object's size, or `undefined` when there is none. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** Removes the object; an absent object is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix` (a folder: ends with `/`). */
  deletePrefix(prefix: string): Promise<void>;
  /** The objects under `prefix`, with when they were last written (the cleanup job's view). */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Rejects when the store cannot be used (root folder missing, bucket unreachable): `/health`. */
  check(): Promise<void>;
  /** Releases what the store holds open (the S3 client's connections). */
  close(): Promise<void>;
}

/** Inclusive byte positions, as HTTP's `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredObject {
  key: string;
  size: number;
  modifiedAt: Date;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no stored object at ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}
