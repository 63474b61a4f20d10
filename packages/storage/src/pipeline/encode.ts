import { createCipheriv, createHash, randomBytes, type CipherGCM } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createCompressor } from './compression.ts';
import type { FileKeyring } from './file-keyring.ts';
import { TRANSFORM_LIMIT } from './limits.ts';
import { MIME_SNIFF_BYTES, sniffMimeType } from './mime-sniff.ts';
import type { CipherParams, Compression, StoredForm } from './stored-form.ts';
import { InfectedFileError, type ScanVerdict, type VirusScanner } from './virus-scanner.ts';

export interface EncodeOptions {
  /** The bucket's settings. */
  compression: Compression;
  encryption: boolean;
  /** The original size the client declared; the content must have exactly this many bytes. */
  declaredSize: number;
  keyring: FileKeyring;
  /** Scans the original bytes of files up to TRANSFORM_LIMIT (Appwrite's antivirus cut-off). */
  scanner?: VirusScanner;
}

export interface EncodedFile {
  /** The bytes to store. Errors (and so stores nothing) on a size mismatch or an infected file. */
  stored: Readable;
  /** The file's stored form, once `stored` has produced its last byte; rejects when `stored` errors. */
  form: Promise<StoredForm>;
}

export class SizeMismatchError extends Error {
  constructor(
    readonly declared: number,
    readonly received: number,
  ) {
    super(`${declared} bytes were declared, the content has ${received > declared ? 'more' : received}`);
    this.name = 'SizeMismatchError';
  }
}

/**
 * The stored form of `original`: compressed, then encrypted (AES-256-GCM, a random IV per file)
 * as the bucket asks, both only up to TRANSFORM_LIMIT bytes; scanned first when a scanner is
 * given. Streams: the content is never held whole, except zstd's input (bounded by the limit).
 */
export function encodeFile(original: Readable, options: EncodeOptions): EncodedFile {
  const { declaredSize } = options;
  if (!Number.isSafeInteger(declaredSize) || declaredSize < 0) {
    throw new RangeError(`bad declared size ${declaredSize}`);
  }
  const transform = declaredSize <= TRANSFORM_LIMIT;
  const compression = transform ? options.compression : 'none';
  const inspector = new OriginalInspector(declaredSize, transform ? options.scanner : undefined);
  const encryptor = transform && options.encryption ? new Encryptor(options.keyring) : undefined;
  const counter = new ByteCounter();
  const stages = [
    original,
    inspector,
    ...(compression === 'none' ? [] : [createCompressor(compression)]),
    ...(encryptor ? [encryptor.cipher] : []),
    counter,
  ];
  const form = pipeline(stages).then(
    async (): Promise<StoredForm> => ({
      signature: inspector.md5.digest('hex'),
      mimeType: await inspector.mimeType(),
      sizeOriginal: declaredSize,
      sizeActual: counter.bytes,
      compression,
      encryption: encryptor !== undefined,
      ...(encryptor && { cipher: encryptor.params() }),
    }),
    (error: unknown) => {
      inspector.abandon();
      throw error;
    },
  );
  // The caller may only watch `stored`; its error is the same one.
  form.catch(() => undefined);
  return { stored: counter, form };
}

class Encryptor {
  private readonly iv = randomBytes(12);
  private readonly keyVersion: number;
  readonly cipher: CipherGCM;

  constructor(keyring: FileKeyring) {
    this.keyVersion = keyring.currentVersion;
    this.cipher = createCipheriv('aes-256-gcm', keyring.key(this.keyVersion), this.iv);
  }

  /** Once the cipher has ended (the tag exists only then). */
  params(): CipherParams {
    const { iv, keyVersion, cipher } = this;
    return {
      algorithm: 'aes-256-gcm',
      iv: iv.toString('hex'),
      tag: cipher.getAuthTag().toString('hex'),
      keyVersion,
    };
  }
}

class ByteCounter extends Transform {
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error: null, data: Buffer) => void) {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Sees the original bytes: counts them, hashes them, keeps the head for sniffing, feeds the scanner. */
class OriginalInspector extends Transform {
  readonly md5 = createHash('md5');
  private received = 0;
  private readonly head: Buffer[] = [];
  private headLength = 0;
  private readonly scanInput?: PassThrough;
  private verdict?: Promise<ScanVerdict>;
  private outcome?: { verdict: ScanVerdict } | { error: unknown };

  constructor(
    private readonly declaredSize: number,
    scanner: VirusScanner | undefined,
  ) {
    super();
    if (scanner) {
      this.scanInput = new PassThrough();
      this.verdict = scanner.scan(this.scanInput).then(
        (verdict) => {
          this.outcome = { verdict };
          return verdict;
        },
        (error: unknown) => {
          this.outcome = { error };
          throw error;
        },
      );
      this.verdict.catch(() => undefined);
    }
  }

  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null, data?: Buffer) => void,
  ) {
    this.received += chunk.length;
    if (this.received > this.declaredSize) {
      done(new SizeMismatchError(this.declaredSize, this.received));
      return;
    }
    this.md5.update(chunk);
    if (this.headLength < MIME_SNIFF_BYTES) {
      const part = chunk.subarray(0, MIME_SNIFF_BYTES - this.headLength);
      this.head.push(part);
      this.headLength += part.length;
    }
    this.feedScanner(chunk).then(
      () => done(this.scanFailure(), chunk),
      (error: unknown) => done(error as Error),
    );
  }

  override _flush(done: (error?: Error | null) => void) {
    if (this.received !== this.declaredSize) {
      done(new SizeMismatchError(this.declaredSize, this.received));
      return;
    }
    if (!this.scanInput || !this.verdict) {
      done();
      return;
    }
    this.scanInput.end();
    // The last stored byte waits for the verdict: an infected file's stream errors instead of ending.
    this.verdict.then(
      () => done(this.scanFailure()),
      (error: unknown) => done(error as Error),
    );
  }

  mimeType(): Promise<string> {
    return sniffMimeType(Buffer.concat(this.head), this.received);
  }

  /** The upload failed: the scanner stops reading. */
  abandon() {
    this.scanInput?.destroy();
  }

  private async feedScanner(chunk: Buffer) {
    if (!this.scanInput || !this.verdict || this.outcome) return;
    if (this.scanInput.write(chunk)) return;
    // Wait for the scanner to catch up, unless it has already answered (and so reads no more).
    const settled = this.verdict.then(
      () => undefined,
      () => undefined,
    );
    const stop = new AbortController();
    const drained = once(this.scanInput, 'drain', { signal: stop.signal }).catch(() => undefined);
    await Promise.race([drained, settled]);
    stop.abort();
  }

  private scanFailure(): Error | null {
    if (!this.outcome) return null;
    if ('error' in this.outcome) return this.outcome.error as Error;
    const { verdict } = this.outcome;
    return verdict.clean ? null : new InfectedFileError(verdict.signature);
  }
}
