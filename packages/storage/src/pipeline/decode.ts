import { createDecipheriv, createHash, type DecipherGCM } from 'node:crypto';
import { pipeline, Readable, Transform } from 'node:stream';
import type { ByteRange } from '../object-store.ts';
import { decompress } from './compression.ts';
import type { FileKeyring } from './file-keyring.ts';
import { isTransformed, type StoredForm } from './stored-form.ts';

/*
 * Reading a transformed file (compressed or encrypted, so at most TRANSFORM_LIMIT original bytes)
 * reads the whole stored object, authenticates it (the GCM tag, then the MD5 signature of the
 * original) and only then emits a byte: a tampered, truncated or wrongly keyed object is an error
 * before anything is sent, never a body of unauthenticated bytes. Untransformed files are passed
 * through from the store, which serves their ranges itself.
 */

const PIECE = 65_536;

/** The stored object does not decode to the file it should be (tampered, truncated, wrong key). */
export class StoredFileCorruptError extends Error {
  constructor(reason: string) {
    super(`the stored file is unreadable: ${reason}`);
    this.name = 'StoredFileCorruptError';
  }
}

/**
 * What to ask the store for to read `range` of the original (inclusive; the whole file when
 * absent): the same range for an untransformed file, else the whole object (`undefined`).
 */
export function storedRangeToFetch(form: StoredForm, range?: ByteRange): ByteRange | undefined {
  if (range) checkRange(form, range);
  return isTransformed(form) ? undefined : range;
}

export interface DecodeOptions {
  keyring: FileKeyring;
  /** Inclusive range of the original bytes; the whole file when absent. */
  range?: ByteRange;
}

/**
 * The original bytes (or `range` of them) of a stored file. `stored` is what the store returned
 * for `storedRangeToFetch(form, range)`. For a transformed file, resolves only once the object has
 * been verified (rejects with `StoredFileCorruptError` otherwise); for an untransformed one, the
 * returned stream errors if the store delivers more or fewer bytes than asked.
 */
export async function decodeFile(
  stored: Readable,
  form: StoredForm,
  options: DecodeOptions,
): Promise<Readable> {
  const { range } = options;
  try {
    if (range) checkRange(form, range);
    if (!isTransformed(form)) {
      const expected = range ? range.end - range.start + 1 : form.sizeOriginal;
      return pipeline(stored, exactLength(expected), () => undefined);
    }
    const original = await verifiedOriginal(stored, form, options.keyring);
    const bytes = range ? original.subarray(range.start, range.end + 1) : original;
    return Readable.from(pieces(bytes), { objectMode: false });
  } catch (error) {
    // Release the store's connection.
    stored.destroy();
    throw error;
  }
}

async function verifiedOriginal(stored: Readable, form: StoredForm, keyring: FileKeyring): Promise<Buffer> {
  const decipher = form.encryption ? decipherOf(form, keyring) : undefined;
  // Decrypted as it arrives, into one buffer of the stored size: the ciphertext is not kept.
  let data: Buffer = Buffer.allocUnsafe(form.sizeActual);
  let length = 0;
  for await (const chunk of stored as AsyncIterable<Buffer>) {
    if (length + chunk.length > data.length) {
      stored.destroy();
      throw new StoredFileCorruptError(`longer than its ${data.length} stored bytes`);
    }
    length += (decipher ? decipher.update(chunk) : chunk).copy(data, length);
  }
  if (length !== data.length)
    throw new StoredFileCorruptError(`truncated: ${length} of ${data.length} stored bytes`);
  try {
    decipher?.final();
  } catch {
    throw new StoredFileCorruptError('authentication failed (tampered, or another key)');
  }
  if (form.compression !== 'none') {
    try {
      data = await decompress(form.compression, data, form.sizeOriginal);
    } catch (error) {
      throw new StoredFileCorruptError(`does not decompress (${(error as Error).message})`);
    }
  }
  if (data.length !== form.sizeOriginal) throw new StoredFileCorruptError('wrong original size');
  if (createHash('md5').update(data).digest('hex') !== form.signature) {
    throw new StoredFileCorruptError('signature mismatch');
  }
  return data;
}

function decipherOf(form: StoredForm, keyring: FileKeyring): DecipherGCM {
  const { cipher } = form;
  if (!cipher) throw new StoredFileCorruptError('encrypted without cipher parameters');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyring.key(cipher.keyVersion),
    Buffer.from(cipher.iv, 'hex'),
  );
  decipher.setAuthTag(Buffer.from(cipher.tag, 'hex'));
  return decipher;
}

function exactLength(expected: number): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > expected) done(new StoredFileCorruptError(`more than the ${expected} bytes asked for`));
      else done(null, chunk);
    },
    flush(done) {
      done(
        received === expected
          ? null
          : new StoredFileCorruptError(`truncated: ${received} of ${expected} bytes`),
      );
    },
  });
}

function* pieces(bytes: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += PIECE) yield bytes.subarray(offset, offset + PIECE);
}

function checkRange(form: StoredForm, range: ByteRange) {
  const { start, end } = range;
  if (
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(end) ||
    start < 0 ||
    start > end ||
    end >= form.sizeOriginal
  ) {
    throw new RangeError(`range ${start}-${end} is outside the file's ${form.sizeOriginal} bytes`);
  }
}
