import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { pipeline, Transform, type Readable } from 'node:stream';
import { ObjectNotFoundError, type ByteRange, type ObjectStore, type StoredObject } from '../object-store.ts';
import { assertByteRange, RangeNotSatisfiableError } from './byte-range.ts';
import { assertObjectKey, assertObjectPrefix } from './object-key.ts';

export interface S3StoreOptions {
  /** The service's URL (`https://<account>.r2.cloudflarestorage.com`, `http://127.0.0.1:9000`); unset = AWS. */
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  /** Prepended to every key (`roster/`), so one bucket can hold other things too. */
  prefix?: string | undefined;
  /** Unset: the SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** `bucket` in the path instead of the host name (MinIO, SeaweedFS and most self-hosted services). */
  forcePathStyle?: boolean | undefined;
}

/** Bytes buffered per part of a multipart upload (the S3 minimum), and parts sent at once. */
const PART_SIZE = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;
/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

/**
 * Objects in a bucket of an S3-compatible service. A put streams the body as a multipart upload
 * (at most PART_SIZE × (PARTS_IN_FLIGHT + 1) bytes in memory); S3 makes the object visible only
 * when the upload completes, and a body that fails aborts the upload, so nothing is left.
 */
export class S3Store implements ObjectStore {
  readonly kind = 's3';
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = normalisePrefix(options.prefix ?? '');
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      // Checksums only where S3 requires them: several compatible services reject the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable): Promise<{ size: number }> {
    assertObjectKey(key);
    let size = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    // pipeline destroys `counted` with the body's error, and with a premature-close error when the
    // body is destroyed without one; the upload reading it then fails and aborts the multipart
    // upload before done() rejects. (Its abortController would reject first and abort later.)
    pipeline(body, counted, () => {});
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.prefix + key, Body: counted },
      partSize: PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      body.destroy();
      throw error;
    }
    return { size };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertObjectKey(key);
    if (range) assertByteRange(range);
    try {
      const output = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return output.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key);
      if (range && statusOf(error) === 416) throw new RangeNotSatisfiableError(key, range);
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    assertObjectKey(key);
    try {
      const output = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      return { size: output.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertObjectPrefix(prefix);
    let batch: string[] = [];
    const flush = async () => {
      const output = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((key) => ({ Key: this.prefix + key })), Quiet: true },
        }),
      );
      const failed = output.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0];
        throw new Error(
          `could not delete ${failed.length} objects under ${prefix} (${first?.Key}: ${first?.Code} ${first?.Message})`,
        );
      }
      batch = [];
    };
    for await (const object of this.list(prefix)) {
      batch.push(object.key);
      if (batch.length === DELETE_BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    assertObjectPrefix(prefix);
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.prefix + prefix,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield {
          key: object.Key.slice(this.prefix.length),
          size: object.Size ?? 0,
          modifiedAt: object.LastModified ?? new Date(0),
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** One listing of at most one key: proves the bucket exists and the credentials may read it. */
  async check(): Promise<void> {
    await this.client.send(
      new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: 1 }),
    );
  }

  /** Closes the client's connections. */
  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}

/** `roster` and `roster/` both mean the folder `roster/`. */
function normalisePrefix(prefix: string): string {
  if (prefix === '') return '';
  const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
  assertObjectPrefix(folder);
  return folder;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  // A missing bucket is a configuration problem, not a missing object.
  return error.name !== 'NoSuchBucket' && error.$metadata.httpStatusCode === 404;
}
